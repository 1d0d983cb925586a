import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ENDPOINTS } from '../../transport';
import { performanceFields, readPerformance } from './performance';

const displayOptions = { show: { resource: ['adReport'], operation: ['getProductPerformance'] } };

export const description = updateDisplayOptions(displayOptions, performanceFields);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	return await readPerformance.call(this, i, ENDPOINTS.adProductPerformance);
}
