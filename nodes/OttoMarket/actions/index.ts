import type { INodeProperties } from 'n8n-workflow';

import * as order from './order';
import type { OperationModule } from './types';

/**
 * Every resource of the node: its UI description (operation selector + fields) and its operation modules.
 * Add a resource here and in the Resource options of OttoMarket.node.ts.
 */
export const resources: Record<string, { description: INodeProperties[]; operations: Record<string, OperationModule> }> = {
	order,
};
