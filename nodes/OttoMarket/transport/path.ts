/**
 * Builds an API path whose interpolated values are URL-encoded as single path segments, so a SKU such as
 * `AB/12 x.5` can never change the route: apiPath`/v5/products/${sku}/prices`.
 */
export function apiPath(strings: TemplateStringsArray, ...values: Array<string | number>): string {
	let out = strings[0];
	values.forEach((value, i) => {
		const text = String(value);
		if (text === '') throw new Error('An empty value cannot be used as part of an OTTO API path');
		out += encodeURIComponent(text).replace(/\./g, '%2E') + strings[i + 1];
	});
	return out;
}

/**
 * A path with `{name}` placeholders (as in `ENDPOINTS`) filled in, each value encoded as one path segment like
 * `apiPath`: endpointPath('/v1/x/{campaignId}/targets', { campaignId }).
 */
export function endpointPath(template: string, values: Record<string, string>): string {
	return template.replace(/\{([A-Za-z]+)\}/g, (_match, name: string) => {
		const value = values[name];
		if (value === undefined) throw new Error(`No value for {${name}} in ${template}`);
		return apiPath`${value}`;
	});
}
