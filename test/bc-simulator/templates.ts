/**
 * Example API templates (BC "API Setup" / Config. Tmpl. Selection Rules) for tests: domestic customers get the
 * DOMESTIC groups, EU countries EU, everyone else FOREIGN/EXPORT. Not active by default (BC's API Setup starts
 * empty); enable with `configure({ apiTemplates: EXAMPLE_API_TEMPLATES })`.
 */
import { EU_COUNTRIES } from './seed';
import type { ApiTemplate } from './types';

export const EXAMPLE_API_TEMPLATES: ApiTemplate[] = [
	{
		code: 'CUST-DE',
		order: 1,
		conditions: { country: 'DE' },
		fields: { customerPostingGroup: 'DOMESTIC', genBusPostingGroup: 'DOMESTIC', vatBusPostingGroup: 'DOMESTIC', paymentTermsCode: '14 DAYS', pricesIncludingVat: true },
	},
	{
		code: 'CUST-EU',
		order: 2,
		conditions: { country: EU_COUNTRIES },
		fields: { customerPostingGroup: 'EU', genBusPostingGroup: 'EU', vatBusPostingGroup: 'EU', paymentTermsCode: '14 DAYS' },
	},
	{
		code: 'CUST-OTHER',
		order: 3,
		fields: { customerPostingGroup: 'FOREIGN', genBusPostingGroup: 'EXPORT', vatBusPostingGroup: 'EXPORT', paymentTermsCode: '30 DAYS' },
	},
];
