/** Carrier enums and country codes of OTTO's shipment interfaces (docs/otto-api.md §4.5, §4.7, §5). */

/** `trackingKey.carrier` of a shipment. */
export const SHIPMENT_CARRIERS = [
	'DHL',
	'DHL_EXPRESS',
	'DHL_FREIGHT',
	'DHL_HOME_DELIVERY',
	'GLS',
	'HERMES',
	'DPD',
	'UPS',
	'BTW',
	'BURSPED',
	'CARGOLINE',
	'DACHSER',
	'DB_SCHENKER',
	'DSV',
	'EMONS',
	'EPH_DIREKT',
	'IDS',
	'GEIS',
	'GEL',
	'GUETTLER',
	'HES',
	'HELLMANN',
	'HEUEL',
	'KOCH',
	'KUEHNE_NAGEL',
	'LOGWIN',
	'MEYER_JUMBO',
	'RABEN_LOGISTIK',
	'RHENUS',
	'REIMER',
	'REITHMEIER',
	'SCHOCKEMOEHLE',
	'SCHMIDT_GEVELSBERG',
	'ZUFALL',
	'OTHER_FORWARDER',
] as const;
export type ShipmentCarrier = (typeof SHIPMENT_CARRIERS)[number];

/** Parcel services: OTTO requires a tracking number for them; forwarders may ship without one. */
export const PARCEL_CARRIERS: readonly ShipmentCarrier[] = ['DHL', 'DHL_EXPRESS', 'GLS', 'HERMES', 'DPD', 'UPS'];

/** `returnTrackingKey.carrier` of a shipped position item (must match the return carrier set up in OPC). */
export const RETURN_CARRIERS = ['DHL', 'GLS', 'HERMES'] as const;
export type ReturnCarrier = (typeof RETURN_CARRIERS)[number];

/** `trackingKey.carrier` of a return shipment. */
export const RETURN_SHIPMENT_CARRIERS = ['DHL', 'GLS', 'HERMES', 'HES'] as const;

/**
 * ISO-3166-1 alpha-2 → alpha-3 for the countries sellers ship from: EU, EEA, Switzerland, the UK, the rest
 * of Europe and the usual overseas origins. OTTO wants alpha-3 in shipments (docs/otto-api.md §3.3).
 */
export const COUNTRY_ALPHA3: Readonly<Record<string, string>> = {
	// EU
	AT: 'AUT',
	BE: 'BEL',
	BG: 'BGR',
	CY: 'CYP',
	CZ: 'CZE',
	DE: 'DEU',
	DK: 'DNK',
	EE: 'EST',
	ES: 'ESP',
	FI: 'FIN',
	FR: 'FRA',
	GR: 'GRC',
	HR: 'HRV',
	HU: 'HUN',
	IE: 'IRL',
	IT: 'ITA',
	LT: 'LTU',
	LU: 'LUX',
	LV: 'LVA',
	MT: 'MLT',
	NL: 'NLD',
	PL: 'POL',
	PT: 'PRT',
	RO: 'ROU',
	SE: 'SWE',
	SI: 'SVN',
	SK: 'SVK',
	// EEA, Switzerland, United Kingdom
	IS: 'ISL',
	LI: 'LIE',
	NO: 'NOR',
	CH: 'CHE',
	GB: 'GBR',
	// rest of Europe
	AD: 'AND',
	AL: 'ALB',
	BA: 'BIH',
	BY: 'BLR',
	FO: 'FRO',
	GI: 'GIB',
	MC: 'MCO',
	MD: 'MDA',
	ME: 'MNE',
	MK: 'MKD',
	RS: 'SRB',
	SM: 'SMR',
	TR: 'TUR',
	UA: 'UKR',
	VA: 'VAT',
	// common overseas origins
	AE: 'ARE',
	AU: 'AUS',
	BD: 'BGD',
	BR: 'BRA',
	CA: 'CAN',
	CN: 'CHN',
	HK: 'HKG',
	ID: 'IDN',
	IL: 'ISR',
	IN: 'IND',
	JP: 'JPN',
	KR: 'KOR',
	MA: 'MAR',
	MX: 'MEX',
	MY: 'MYS',
	NZ: 'NZL',
	PH: 'PHL',
	PK: 'PAK',
	SG: 'SGP',
	TH: 'THA',
	TN: 'TUN',
	TW: 'TWN',
	US: 'USA',
	VN: 'VNM',
	ZA: 'ZAF',
};

/** Codes people use that are not ISO alpha-2: the EU's `EL` for Greece, `UK` for the United Kingdom. */
const ALPHA2_ALIASES: Readonly<Record<string, string>> = { EL: 'GR', UK: 'GB' };

const KNOWN_ALPHA3 = new Set(Object.values(COUNTRY_ALPHA3));

/**
 * The alpha-3 code OTTO wants for a country given as alpha-2 (`DE`), alias (`UK`) or alpha-3 (`DEU`),
 * case-insensitive; undefined for anything not in the table.
 */
export function toOttoCountryCode(input: string): string | undefined {
	const code = input.trim().toUpperCase();
	if (code.length === 2) return COUNTRY_ALPHA3[ALPHA2_ALIASES[code] ?? code];
	if (code.length === 3 && KNOWN_ALPHA3.has(code)) return code;
	return undefined;
}
