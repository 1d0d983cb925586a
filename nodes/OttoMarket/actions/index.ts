import type { INodeProperties } from 'n8n-workflow';

import * as adCampaign from './adCampaign';
import * as adChangeRequest from './adChangeRequest';
import * as adKeyword from './adKeyword';
import * as adReport from './adReport';
import * as adTarget from './adTarget';
import * as brand from './brand';
import * as category from './category';
import * as deliveryInformation from './deliveryInformation';
import * as order from './order';
import * as priceReduction from './priceReduction';
import * as product from './product';
import * as quantity from './quantity';
import * as receipt from './receipt';
import * as returnResource from './return';
import * as returnAddress from './returnAddress';
import * as returnShipment from './returnShipment';
import * as sandbox from './sandbox';
import * as shipment from './shipment';
import * as shippingProfile from './shippingProfile';
import type { OperationModule } from './types';

/**
 * Every resource of the node: its UI description (operation selector + fields) and its operation modules.
 * Add a resource here and in the Resource options of OttoMarket.node.ts.
 */
export const resources: Record<string, { description: INodeProperties[]; operations: Record<string, OperationModule> }> = {
	adCampaign,
	adChangeRequest,
	adKeyword,
	adReport,
	adTarget,
	brand,
	category,
	deliveryInformation,
	order,
	priceReduction,
	product,
	quantity,
	receipt,
	return: returnResource,
	returnAddress,
	returnShipment,
	sandbox,
	shipment,
	shippingProfile,
};
