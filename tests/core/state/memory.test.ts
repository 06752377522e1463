import { MemoryStore } from '../../../core/state/memory';
import { storeContract } from './contract';

storeContract('MemoryStore', async () => {
	let now = 1_000_000;
	const store = new MemoryStore({ now: () => now });
	return {
		store,
		advance: async (ms) => {
			now += ms;
		},
	};
});
