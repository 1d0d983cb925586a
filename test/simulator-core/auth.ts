/** Token ids and authorization-header parsing shared by the simulators. */
import { createHash } from 'node:crypto';

/** Non-secret id of a token: first 8 hex chars of its sha256. */
export function tokenIdOf(token: string): string {
	return createHash('sha256').update(token).digest('hex').slice(0, 8);
}

/** Parse `Authorization: Basic base64(id:secret)` (RFC 6749 §2.3.1: components are form-urlencoded). */
export function parseBasicAuth(header: string | undefined): { clientId: string; clientSecret: string } | undefined {
	if (!header) return undefined;
	const m = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
	if (!m) return undefined;
	const decoded = Buffer.from(m[1], 'base64').toString('utf8');
	const idx = decoded.indexOf(':');
	if (idx < 0) return undefined;
	const dec = (s: string) => {
		try {
			return decodeURIComponent(s.replace(/\+/g, ' '));
		} catch {
			return s;
		}
	};
	return { clientId: dec(decoded.slice(0, idx)), clientSecret: dec(decoded.slice(idx + 1)) };
}

/** The token of `Authorization: Bearer <token>`. */
export function parseBearer(header: string | undefined): string | undefined {
	if (!header) return undefined;
	const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
	return m ? m[1] : undefined;
}
