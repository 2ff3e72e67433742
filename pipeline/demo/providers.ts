// Fictional network operators of the demo, by role. Invented names only: the demo must never look
// like real operators' data.

export const PROVIDERS = {
  fibre: ['Polder Fiber', 'Glasrijk Netwerken', 'Vezelveld', 'Lichtlijn Glas'],
  ruralFibre: 'Buitenvezel Coöperatie',
  cable: 'Dijkstroom Kabel',
  copper: 'Koperlijn',
  wireless: 'Kustlucht Draadloos',
  satellite: 'Sterrenschot Satelliet',
} as const;

/** Every provider name the demo can write. */
export const FICTIONAL_PROVIDERS: readonly string[] = [
  ...PROVIDERS.fibre,
  PROVIDERS.ruralFibre,
  PROVIDERS.cable,
  PROVIDERS.copper,
  PROVIDERS.wireless,
  PROVIDERS.satellite,
];
