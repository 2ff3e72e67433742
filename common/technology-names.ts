// Readable names of the access technologies (and of "no offer") in the UI languages, so no raw
// code such as NONE or DOCSIS3.1 reaches a reader; an unknown code is shown as it is.
import { NO_TECHNOLOGY } from './constants.ts';

export type NameLang = 'nl' | 'en';

const NAMES: Record<NameLang, Record<string, string>> = {
  nl: {
    FTTH: 'Glasvezel (FTTH)',
    FTTB: 'Glasvezel tot het gebouw (FTTB)',
    'DOCSIS3.1': 'Kabel (DOCSIS 3.1)',
    'DOCSIS3.0': 'Kabel (DOCSIS 3.0)',
    CABLE: 'Kabel',
    VDSL: 'Koper (VDSL)',
    ADSL: 'Koper (ADSL)',
    DSL: 'Koper (DSL)',
    FWA: 'Vast draadloos (FWA)',
    MOBILE: 'Mobiel',
    SATELLITE: 'Satelliet',
    OTHER: 'Overig',
    [NO_TECHNOLOGY]: 'Geen aanbod',
  },
  en: {
    FTTH: 'Fibre (FTTH)',
    FTTB: 'Fibre to the building (FTTB)',
    'DOCSIS3.1': 'Cable (DOCSIS 3.1)',
    'DOCSIS3.0': 'Cable (DOCSIS 3.0)',
    CABLE: 'Cable',
    VDSL: 'Copper (VDSL)',
    ADSL: 'Copper (ADSL)',
    DSL: 'Copper (DSL)',
    FWA: 'Fixed wireless (FWA)',
    MOBILE: 'Mobile',
    SATELLITE: 'Satellite',
    OTHER: 'Other',
    [NO_TECHNOLOGY]: 'No offer',
  },
};

export function technologyName(code: string, lang: NameLang): string {
  return NAMES[lang][code] ?? code;
}
