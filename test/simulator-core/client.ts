/** Client-side helpers shared by the simulator test suites (test/unit/simulator, test/unit/bc-simulator). */

export interface SimResponse {
	status: number;
	headers: Headers;
	text: string;
	/** Parsed JSON body; undefined when empty or not JSON. */
	json: any;
}

/** Request headers with `Authorization: Bearer …` (when given) and `Accept: application/json` (unless set). */
export function bearerHeaders(init: ConstructorParameters<typeof Headers>[0], bearer: string | undefined): Headers {
	const headers = new Headers(init);
	if (bearer) headers.set('Authorization', `Bearer ${bearer}`);
	if (!headers.has('Accept')) headers.set('Accept', 'application/json');
	return headers;
}

/** Read a response's body as text and, where it parses, as JSON. */
export async function readResponse(res: Response): Promise<SimResponse> {
	const text = await res.text();
	let json: any;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}
