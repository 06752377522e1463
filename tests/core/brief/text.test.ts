import { PROBLEM_MAX_CHARS, plainText, problemStatement, sentences } from '../../../core/brief/text';

describe('plainText', () => {
	it.each([
		['<p>Hello,</p><p>We&#39;re migrating&nbsp;now.</p>', "Hello,\nWe're migrating now."],
		['a<br/>b', 'a\nb'],
		['<script>alert(1)</script>kept', 'kept'],
		['x &amp; y &#x41; &bogus;', 'x & y A &bogus;'],
		['  spaced \t out  \n\n\n next ', 'spaced out\nnext'],
	])('%j → %j', (input, expected) => {
		expect(plainText(input)).toBe(expected);
	});
});

describe('sentences', () => {
	it('does not split after abbreviations and splits at line breaks', () => {
		expect(sentences('We use e.g. PyTorch today. Next step? Deploy it.\nA list item')).toEqual([
			'We use e.g. PyTorch today.',
			'Next step?',
			'Deploy it.',
			'A list item',
		]);
	});
});

describe('problemStatement', () => {
	it.each([
		[
			'drops the greeting and the signature, keeps two sentences',
			'Hello,\nWe need a churn model for 400k subscribers. The data is in BigQuery already. Please call me.\n\nThanks,\nAnna Smith\nCEO',
			'We need a churn model for 400k subscribers. The data is in BigQuery already.',
		],
		[
			'masks phone numbers, emails and links',
			'need ai strategy for our firm, call 415-555-0187 or write to boss@firm.example. see https://firm.example/about for more',
			'Need ai strategy for our firm, call [phone] or write to [email]. see [link] for more',
		],
		['handles HTML bodies', '<p>Hi,</p><p>We&#39;re migrating our ML platform to Vertex AI with 25 models.</p>', "We're migrating our ML platform to Vertex AI with 25 models."],
		['is empty for nothing usable', 'Hi!', ''],
		['is empty for no message', undefined, ''],
		[
			'keeps non-English text',
			'Guten Tag,\n\nwir haben einen Prototypen zur Absatzprognose für unsere Filialen entwickelt. Der Code läuft nur auf einem Laptop.',
			'Wir haben einen Prototypen zur Absatzprognose für unsere Filialen entwickelt. Der Code läuft nur auf einem Laptop.',
		],
	])('%s', (_name, message, expected) => {
		expect(problemStatement(message)).toBe(expected);
	});

	it('stays within the bound, cutting at a word boundary', () => {
		const long = `We need ${'a very long description of a forecasting system '.repeat(30)}. Second sentence here too.`;
		const out = problemStatement(long);
		expect(out.length).toBeLessThanOrEqual(PROBLEM_MAX_CHARS);
		expect(out.endsWith('…')).toBe(true);
	});

	it('copes with a 1 MB message', () => {
		const huge = 'We want a recommender built for our shop. '.repeat(25_000);
		expect(huge.length).toBeGreaterThan(1_000_000);
		expect(problemStatement(huge)).toBe('We want a recommender built for our shop. We want a recommender built for our shop.');
	});
});
