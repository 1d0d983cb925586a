import type { IExecuteFunctions } from 'n8n-workflow';

import { apiPath } from '../../transport';
import { requireString } from '../params';

/** Paths of a return address's carriers: `…/addresses/{id}/carriers[/{carrierId}]`, segments encoded. */
export function carriersPath(ctx: IExecuteFunctions, i: number): string {
	const id = requireString(ctx, i, 'Return Address ID', ctx.getNodeParameter('returnAddressId', i, ''));
	return apiPath`/v2/returns-warehouse/addresses/${id}/carriers`;
}

export function carrierPath(ctx: IExecuteFunctions, i: number): { path: string; carrierId: string } {
	const carrierId = requireString(ctx, i, 'Carrier ID', ctx.getNodeParameter('returnAddressCarrierId', i, ''));
	return { path: `${carriersPath(ctx, i)}${apiPath`/${carrierId}`}`, carrierId };
}
