/**
 * The simulator set-up every workflow test file needs: one OTTO simulator per file, reset before each test,
 * and a credentials helper pointing at it.
 */
import type { ICredentialDataDecryptedObject, INodeExecutionData } from 'n8n-workflow';

import { startSimulator, type OttoSimulator, type StartOptions } from '../otto-simulator';
import { createCredentialsHelper, ottoCredentials, type TestCredentialsHelper } from './index';

export interface UseSimulatorOptions {
	/** Passed to startSimulator (the port defaults to 0, a free one). */
	start?: StartOptions;
	/** Overrides of the test credential (e.g. `scopes`). */
	credentials?: ICredentialDataDecryptedObject;
}

export interface SimulatorAccess {
	/** The running simulator; throws outside the file's tests and hooks. */
	sim: () => OttoSimulator;
	/** A credentials helper with the OTTO credential pointing at the simulator. */
	helper: () => TestCredentialsHelper;
}

/**
 * Registers the hooks of a test file: start the simulator before all tests, reset it before each one, close it
 * after all. Call at the top level of the file.
 */
export function useSimulator(options: UseSimulatorOptions = {}): SimulatorAccess {
	let current: OttoSimulator | undefined;

	beforeAll(async () => {
		current = await startSimulator({ port: 0, ...options.start });
	});

	afterAll(async () => {
		await current?.close();
		current = undefined;
	});

	const sim = (): OttoSimulator => {
		if (!current) throw new Error('The simulator is not running: use sim() inside a test or hook of the file that called useSimulator()');
		return current;
	};

	beforeEach(() => {
		sim().reset();
	});

	return {
		sim,
		helper: () => createCredentialsHelper(ottoCredentials(sim().url, options.credentials)),
	};
}

/** The input item index each output item is paired with. */
export const paired = (out: INodeExecutionData[]) => out.map((i) => (i.pairedItem as { item: number }).item);
