import type { IDataObject, INodeProperties, IPollFunctions } from 'n8n-workflow';

import type { ListEndpoint } from '../../OttoMarket/transport';

/** The part of OTTO's history one poll reads (epoch ms, OTTO's clock). */
export interface PollWindow {
	/** Lower bound for the list's own date filter (`fromDate`, `datefrom`, …). */
	from: number;
	/** Occurrences older than this are not emitted (they were, or were before the trigger started). */
	floor: number;
	/** n8n's clock, for limits OTTO puts relative to now. */
	now: number;
}

/** One list request of a poll and how OTTO sorts it by `queryDate`. */
export interface EventQuery {
	/** The list read: one of the transport's `ENDPOINTS` (path, list key, paging, largest page). */
	list: ListEndpoint;
	/** The list's filters. */
	qs?: IDataObject;
	/**
	 * `asc`: oldest first, so a poll may stop after any page and resume there; `desc`: newest first, so
	 * paging stops at the first page that reaches back before the window; `any`: order unknown, every page is read.
	 */
	order: 'asc' | 'desc' | 'any';
	/**
	 * For an `asc` list OTTO can also sort newest first: the filters that do so (e.g. `orderDirection: 'DESC'`).
	 * Quick polls between full reads use them (`desc` lists are read newest first anyway).
	 */
	newestFirst?: IDataObject;
}

/** Something that happened to an entity: emitted once per key. */
export interface Occurrence {
	key: string;
	/** Epoch ms, never later than the entity's `queryDate`. */
	time: number;
}

/** One event the trigger can watch (events/<event>.ts). */
export interface TriggerEvent {
	/** Stored in saved workflows: never change it. */
	value: string;
	/** The option's label in the Event dropdown and the canvas subtitle ("On New Order"). */
	name: string;
	/**
	 * The trigger action's name in n8n's node panel: "On " and `name` in sentence case, proper names kept
	 * ("On product content changed by OTTO"). See `eventProperty` for why it is written out.
	 */
	action: string;
	description: string;
	/** Fields shown for this event only; the registry adds the display options. */
	properties: INodeProperties[];
	/** The requests that list every entity whose `queryDate` is at or after `window.from`. */
	queries(this: IPollFunctions, window: PollWindow): EventQuery[];
	/** The date OTTO filters and sorts the list by (epoch ms). */
	queryDate(entity: IDataObject): number;
	occurrences(this: IPollFunctions, entity: IDataObject): Occurrence[];
	/** The output item, shaped like the action node's Get for the same entity. */
	output(this: IPollFunctions, entity: IDataObject): Promise<IDataObject>;
	/** The newest matching entity, for "Fetch Test Event". */
	newest(this: IPollFunctions): Promise<IDataObject | undefined>;
	/** How far back the window reaches; the safety margin unless an event needs longer. */
	lookbackMs?(this: IPollFunctions, marginMs: number): number;
}
