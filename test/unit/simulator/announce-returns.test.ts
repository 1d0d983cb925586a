/** `POST /__control/returns`: customers announce returns of sent position items (Returns v3 ANNOUNCED). */
import { startSimulator } from '../../otto-simulator';
import { useServer } from '../../harness/server';
import { injectOrders } from '../../otto-simulator/inject';
import { api, token } from './helpers';

const sim = useServer(() => startSimulator({ port: 0, seed: { orders: 0 }, config: { tokenTtlSeconds: 600 } }));

const control = (body: unknown) =>
	fetch(`${sim().url}/__control/returns`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('POST /__control/returns', () => {
	it('announces the returns of sent items at the given time; GET /v3/returns?status=ANNOUNCED lists them', async () => {
		const [order] = injectOrders(sim().data, { orderDate: Date.now() - 86400000, statuses: ['SENT', 'SENT', 'PROCESSABLE'] });
		const ids = order.positionItems.slice(0, 2).map((p) => p.positionItemId);
		const res = await control({ positionItemIds: ids, occurredTime: '2026-03-04T10:00:00.000Z' });
		expect(res.status).toBe(201);
		const body = (await res.json()) as { returns: Array<Record<string, unknown>> };
		expect(body.returns).toEqual(
			ids.map((positionItemId) => expect.objectContaining({ positionItemId, salesOrderId: order.salesOrderId, status: 'ANNOUNCED', occurredTime: '2026-03-04T10:00:00.000Z', details: expect.objectContaining({ orderNumber: order.orderNumber }) })),
		);
		const listed = await api(sim(), await token(sim(), 'returns'), '/v3/returns?status=ANNOUNCED&limit=50');
		expect((listed.json.positionItems as Array<{ positionItemId: string }>).map((r) => r.positionItemId).sort()).toEqual([...ids].sort());
	});

	it('announces nothing when one item cannot be returned (not sent, unknown, already announced, listed twice)', async () => {
		const [order] = injectOrders(sim().data, { orderDate: Date.now() - 86400000, statuses: ['SENT', 'PROCESSABLE'] });
		const [sent, open] = order.positionItems.map((p) => p.positionItemId);
		for (const ids of [[sent, open], [sent, 'no-such-item'], [sent, sent]]) {
			const res = await control({ positionItemIds: ids });
			expect(res.status).toBe(400);
			expect(sim().data.returns).toEqual([]);
		}
		expect((await control({ positionItemIds: [sent] })).status).toBe(201);
		const again = await control({ positionItemIds: [sent] });
		expect(again.status).toBe(400);
		expect(((await again.json()) as { error: string }).error).toBe(`A return of position item ${sent} is already announced`);
		expect((await control({ positionItemIds: [] })).status).toBe(400);
	});
});
