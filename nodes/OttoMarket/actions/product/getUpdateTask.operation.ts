import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requireString } from '../params';
import { getUpdateTask, isTaskDone, readUpdateTaskResults } from './tasks';
import { skuResults } from './upload';

const properties: INodeProperties[] = [
	{
		displayName: 'Process UUID',
		name: 'processUuid',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 3fa85f64-5717-4562-b3fc-2c963f66afa6',
		description: 'The processUuid a Create or Update, Update Prices or Update Active Status returned with "Wait for Processing" off',
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{
				name: 'Task with Result Lists',
				value: 'task',
				description: 'One item: state, counters and the failed / succeeded / unchanged SKUs',
			},
			{
				name: 'One Item per SKU',
				value: 'perSku',
				description: 'One item per SKU with status succeeded, failed (with OTTO errors) or unchanged, once the task is done',
			},
		],
		default: 'task',
	},
];

const displayOptions = { show: { resource: ['product'], operation: ['getUpdateTask'] } };

export const description = updateDisplayOptions(displayOptions, properties);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject | IDataObject[]> {
	const processUuid = requireString(this, i, 'Process UUID', this.getNodeParameter('processUuid', i, ''));
	const task = await getUpdateTask.call(this, processUuid, i);
	// The lists exist once OTTO has finished; a pending task is returned as it is.
	if (!isTaskDone(task)) return { processUuid, ...task };
	const lists = await readUpdateTaskResults.call(this, processUuid, task, i);
	if (this.getNodeParameter('output', i, 'task') === 'perSku') return skuResults(processUuid, lists);
	return { processUuid, ...task, results: { ...lists } };
}
