/**
 * Workflows of the queue-mode suite. Each starts with a production Webhook (on the main; in queue mode its
 * executions are enqueued and run by a worker) whose JSON body `{ entries: [...] }` is split into one item
 * per entry, so the test decides what every execution works on. Plus a receiver for binary uploads.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { WorkflowToImport } from '../n8n';
import { chain, oneShipmentPerItem, type NodeSpec } from '../flows';

type Credential = { id: string; name: string };

/** Webhook (POST /webhook/<path>) → Split Out (body.entries) → the steps, each feeding the next. */
export function webhookWorkflow(id: string, name: string, webhookPath: string, credential: Credential, steps: NodeSpec[]): WorkflowToImport {
	return chain(id, name, credential, [
		{
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
			otto: false,
			webhookId: randomUUID(),
		},
		{
			name: 'One Item per Entry',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			parameters: { fieldToSplitOut: 'body.entries', options: {} },
			otto: false,
		},
		...steps,
	]);
}

/** Shipment Create, one shipment per item: `trackingNumber` and `positionItems` come from the entry. */
const shipStep: NodeSpec = {
	name: 'Ship',
	parameters: oneShipmentPerItem('={{ JSON.stringify($json.positionItems) }}'),
};

/**
 * Order to cash per entry `{salesOrderId}`: Order Get → Shipment Create (its PROCESSABLE position items,
 * tracking number from the order number) → Receipt Get Many (PURCHASE receipts of the order).
 */
export function orderToCashWorkflow(id: string, webhookPath: string, credential: Credential): WorkflowToImport {
	return webhookWorkflow(id, 'Queue: order to cash', webhookPath, credential, [
		{
			name: 'Order',
			parameters: {
				resource: 'order',
				operation: 'get',
				orderId: { __rl: true, mode: 'id', value: '={{ $json.salesOrderId }}' },
				simplify: false,
			},
		},
		{
			name: 'Ship',
			parameters: {
				...shipStep.parameters,
				trackingNumber: "={{ 'QM' + $json.orderNumber }}",
				positionItemsJson:
					"={{ JSON.stringify($json.positionItems.filter(p => p.fulfillmentStatus === 'PROCESSABLE')" +
					'.map(p => ({ salesOrderId: $json.salesOrderId, positionItemId: p.positionItemId, returnTrackingNumber: \'RQM\' + $json.orderNumber }))) }}',
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
	]);
}

/** Per entry `{trackingNumber, positionItems}`: one Shipment Create (stops the run on a failed item). */
export function shipWorkflow(id: string, webhookPath: string, credential: Credential): WorkflowToImport {
	return webhookWorkflow(id, 'Queue: ship fixed parcels', webhookPath, credential, [shipStep]);
}

/** Per entry `{receiptNumber}`: Receipt Download PDF → HTTP Request uploading the binary to `receiverUrl`. */
export function receiptPdfWorkflow(id: string, webhookPath: string, credential: Credential, receiverUrl: string): WorkflowToImport {
	return webhookWorkflow(id, 'Queue: receipt PDF to the next node', webhookPath, credential, [
		{
			name: 'Receipt PDF',
			parameters: {
				resource: 'receipt',
				operation: 'downloadPdf',
				receiptNumber: '={{ $json.receiptNumber }}',
				binaryPropertyName: 'data',
			},
		},
		{
			name: 'Upload PDF',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			otto: false,
			parameters: {
				method: 'POST',
				url: receiverUrl,
				sendQuery: true,
				queryParameters: {
					parameters: [
						{ name: 'fileName', value: '={{ $binary.data.fileName }}' },
						{ name: 'mimeType', value: '={{ $binary.data.mimeType }}' },
						{ name: 'execution', value: '={{ $execution.id }}' },
					],
				},
				sendBody: true,
				contentType: 'binaryData',
				inputDataFieldName: 'data',
				options: {},
			},
		},
	]);
}

/** Per entry `{sku, quantity}`: Quantity Update (the node batches the items, 200 SKUs per request). */
export function quantityWorkflow(id: string, webhookPath: string, credential: Credential): WorkflowToImport {
	return webhookWorkflow(id, 'Queue: bulk quantity update', webhookPath, credential, [
		{
			name: 'Quantities',
			parameters: {
				resource: 'quantity',
				operation: 'update',
				sku: '={{ $json.sku }}',
				quantity: '={{ $json.quantity }}',
			},
		},
	]);
}

export interface Upload {
	query: Record<string, string>;
	bytes: Buffer;
	contentType: string;
}

export interface UploadReceiver {
	url: string;
	uploads: Upload[];
	close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 keeping every body POSTed to it as bytes. */
export async function startUploadReceiver(): Promise<UploadReceiver> {
	const uploads: Upload[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://x');
			uploads.push({
				query: Object.fromEntries(url.searchParams),
				bytes: Buffer.concat(chunks),
				contentType: String(req.headers['content-type'] ?? ''),
			});
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/pdf`,
		uploads,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
