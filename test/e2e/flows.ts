/**
 * Multi-node workflows and a tiny HTTP receiver for the end-to-end suite: order-to-cash (orders →
 * shipment → purchase receipt → PDF), returns (announced → accepted → refund receipt) and an active
 * Otto Market Trigger that posts every new order to a local receiver.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { CREDENTIAL_TYPE, NODE_TYPE, type WorkflowToImport } from './n8n';

type Credential = { id: string; name: string };

export interface NodeSpec {
	name: string;
	type?: string;
	typeVersion?: number;
	parameters: Record<string, unknown>;
	/** false: a node without the OTTO credential */
	otto?: boolean;
	webhookId?: string;
}

/** A linear workflow: every node feeds the next one. */
export function chain(id: string, name: string, credential: Credential, specs: NodeSpec[]): WorkflowToImport {
	const nodes = specs.map((spec, index) => ({
		id: `${id}-${index}`,
		name: spec.name,
		type: spec.type ?? NODE_TYPE,
		typeVersion: spec.typeVersion ?? 1,
		position: [index * 220, 0],
		parameters: spec.parameters,
		...(spec.webhookId ? { webhookId: spec.webhookId } : {}),
		...(spec.otto === false ? {} : { credentials: { [CREDENTIAL_TYPE]: credential } }),
	}));
	const connections: Record<string, unknown> = {};
	for (let i = 0; i + 1 < specs.length; i++) {
		connections[specs[i].name] = { main: [[{ node: specs[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { id, name, nodes, connections };
}

const manualTrigger: NodeSpec = {
	name: 'Manual Trigger',
	type: 'n8n-nodes-base.manualTrigger',
	parameters: {},
	otto: false,
};

export const SHIP_FROM = { city: 'Hamburg', countryCode: 'DE', zipCode: '22179' };

/** Shipment → Create, one shipment per item with DHL, shipped today from SHIP_FROM; the parcel's tracking number is
 * the item's `trackingNumber`, its position items come from the expression given. */
export function oneShipmentPerItem(positionItemsJson: string): Record<string, unknown> {
	return {
		resource: 'shipment',
		operation: 'create',
		inputMode: 'oneShipmentPerItem',
		carrier: 'DHL',
		trackingNumber: '={{ $json.trackingNumber }}',
		shipDate: '={{ $now.toISO() }}',
		shipFromCity: SHIP_FROM.city,
		shipFromCountryCode: SHIP_FROM.countryCode,
		shipFromZipCode: SHIP_FROM.zipCode,
		returnCarrier: 'DHL',
		positionItemsSource: 'json',
		positionItemsJson,
	};
}

/** Manual Trigger → Order Get Many (PROCESSABLE) → Shipment Create → Receipt Get Many (PURCHASE) → Download PDF. */
export function orderToCashWorkflow(id: string, credential: Credential, limit: number): WorkflowToImport {
	return chain(id, 'E2E: order to cash', credential, [
		manualTrigger,
		{
			name: 'Processable Orders',
			parameters: {
				resource: 'order',
				operation: 'getAll',
				returnAll: false,
				limit,
				simplify: false,
				filters: { fulfillmentStatus: ['PROCESSABLE'] },
			},
		},
		{
			name: 'Ship',
			parameters: {
				resource: 'shipment',
				operation: 'create',
				inputMode: 'oneShipmentPerItem',
				carrier: 'DHL',
				trackingNumber: "={{ 'E2E' + $json.orderNumber }}",
				shipDate: '={{ $now.toISO() }}',
				shipFromCity: SHIP_FROM.city,
				shipFromCountryCode: SHIP_FROM.countryCode,
				shipFromZipCode: SHIP_FROM.zipCode,
				returnCarrier: 'DHL',
				positionItemsSource: 'json',
				positionItemsJson:
					"={{ JSON.stringify($json.positionItems.filter(p => p.fulfillmentStatus === 'PROCESSABLE')" +
					".map(p => ({ salesOrderId: $json.salesOrderId, positionItemId: p.positionItemId, returnTrackingNumber: 'RET' + $json.orderNumber }))) }}",
			},
		},
		{
			name: 'Purchase Receipts',
			parameters: {
				resource: 'receipt',
				operation: 'getAll',
				receiptTypes: ['PURCHASE'],
				returnAll: true,
				filters: { salesOrderId: '={{ $json.positionItems[0].salesOrderId }}' },
			},
		},
		{
			name: 'Receipt PDF',
			parameters: {
				resource: 'receipt',
				operation: 'downloadPdf',
				receiptNumber: '={{ $json.receiptNumber }}',
				binaryPropertyName: 'data',
			},
		},
	]);
}

/** Manual Trigger → Return Get Many (ANNOUNCED) → Return Accept → Receipt Get Many (REFUND). */
export function returnsWorkflow(id: string, credential: Credential): WorkflowToImport {
	return chain(id, 'E2E: accept announced returns', credential, [
		manualTrigger,
		{
			name: 'Announced Returns',
			parameters: { resource: 'return', operation: 'getAll', status: 'ANNOUNCED', returnAll: true },
		},
		{
			name: 'Accept',
			parameters: {
				resource: 'return',
				operation: 'accept',
				inputMode: 'combine',
				salesOrderId: '={{ $json.salesOrderId }}',
				positionItemIds: '={{ $json.positionItemId }}',
				condition: 'A',
			},
		},
		{
			name: 'Refund Receipts',
			parameters: {
				resource: 'receipt',
				operation: 'getAll',
				receiptTypes: ['REFUND'],
				returnAll: true,
				filters: { salesOrderId: '={{ $json.salesOrderId }}' },
			},
		},
	]);
}

/** Otto Market Trigger (new order, every minute) → HTTP Request POSTing {salesOrderId, executionId}. */
export function triggerWorkflow(id: string, credential: Credential, receiverUrl: string): WorkflowToImport {
	return chain(id, 'E2E: new orders to a receiver', credential, [
		{
			name: 'Otto Market Trigger',
			type: `${NODE_TYPE}Trigger`,
			parameters: {
				pollTimes: { item: [{ mode: 'everyMinute' }] },
				event: 'newOrder',
				options: { safetyMarginMinutes: 10 },
			},
		},
		{
			name: 'Post',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			otto: false,
			parameters: {
				method: 'POST',
				url: receiverUrl,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify({ salesOrderId: $json.salesOrderId, executionId: $execution.id }) }}',
				options: {},
			},
		},
	]);
}

export interface Receiver {
	url: string;
	posts: Array<{ salesOrderId: string; executionId: string; at: number }>;
	close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 (free port) that records every JSON body POSTed to it. */
export async function startReceiver(): Promise<Receiver> {
	const posts: Receiver['posts'] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			try {
				const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
				posts.push({ salesOrderId: String(body.salesOrderId), executionId: String(body.executionId), at: Date.now() });
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end('{"ok":true}');
			} catch {
				res.writeHead(400);
				res.end();
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/orders`,
		posts,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/**
 * Manual Trigger → Set (raw JSON `{ entries: [...] }`) → Split Out → one Otto Market node, with Continue On
 * Fail: runs an operation over fixed input items, so a second execution sends exactly the same writes.
 */
export function fixedItemsWorkflow(
	id: string,
	name: string,
	credential: Credential,
	entries: Array<Record<string, unknown>>,
	ottoParameters: Record<string, unknown>,
): WorkflowToImport {
	const workflow = chain(id, name, credential, [
		manualTrigger,
		{
			name: 'Entries',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ entries }), options: {} },
			otto: false,
		},
		{
			name: 'One Item per Entry',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			parameters: { fieldToSplitOut: 'entries', options: {} },
			otto: false,
		},
		{ name: 'Otto Market', parameters: ottoParameters },
	]);
	const otto = (workflow.nodes as Array<Record<string, unknown>>).find((node) => node.name === 'Otto Market')!;
	otto.onError = 'continueRegularOutput';
	return workflow;
}

/**
 * Advertising in one workflow: create a campaign (waiting for OTTO's decision) → one target per SKU (waiting) →
 * a campaign performance report, downloaded as CSV and parsed into rows.
 */
export function adsWorkflow(id: string, credential: Credential, skus: string[], days: { from: string; to: string }): WorkflowToImport {
	const campaignId = "$('Create Campaign').first().json.campaignId";
	return chain(id, 'E2E: ads — campaign, targets, report', credential, [
		manualTrigger,
		{
			name: 'Create Campaign',
			typeVersion: 2,
			parameters: { resource: 'adCampaign', operation: 'create', name: 'E2E Herbst', dailyBudget: 15, startDate: days.to, waitForDecision: true },
		},
		{
			name: 'One Item per SKU',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			parameters: { jsCode: `return ${JSON.stringify(skus)}.map((sku) => ({ json: { campaignId: ${campaignId}, sku } }));` },
			otto: false,
		},
		{
			name: 'Create Targets',
			typeVersion: 2,
			parameters: {
				resource: 'adTarget',
				operation: 'create',
				campaignId: '={{ $json.campaignId }}',
				sku: '={{ $json.sku }}',
				additionalFields: { bid: 0.35 },
				waitForDecision: true,
			},
		},
		{
			name: 'One Item',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			parameters: { jsCode: `return [{ json: { campaignId: ${campaignId} } }];` },
			otto: false,
		},
		{
			name: 'Campaign Report',
			typeVersion: 2,
			parameters: {
				resource: 'adReport',
				operation: 'createReport',
				reportKind: 'campaign',
				fromDate: days.from,
				toDate: days.to,
				waitAndDownload: true,
				outputRows: true,
			},
		},
	]);
}
