/**
 * Technologies and problem domains a lead names, in canonical lower-case form:
 * the brief's `stack`, used to match owners by skill and candidates by
 * experience. The table is data; a term fires on any of its patterns.
 */

export interface StackTerm {
	/** Canonical name as it appears in `brief.stack` and in an owner's `skills`. */
	readonly name: string;
	/** `technology` (a tool or platform) or `domain` (a kind of problem). */
	readonly kind: 'technology' | 'domain';
	/** Case-insensitive patterns; word boundaries are part of each pattern. */
	readonly patterns: readonly string[];
}

export const STACK_TERMS: readonly StackTerm[] = [
	// Languages and ML libraries
	{ name: 'python', kind: 'technology', patterns: ['\\bpython\\b'] },
	{ name: 'pytorch', kind: 'technology', patterns: ['\\bpytorch\\b', '\\btorch\\b'] },
	{ name: 'tensorflow', kind: 'technology', patterns: ['\\btensorflow\\b', '\\bkeras\\b'] },
	{ name: 'jax', kind: 'technology', patterns: ['\\bjax\\b'] },
	{ name: 'scikit-learn', kind: 'technology', patterns: ['\\bscikit[- ]learn\\b', '\\bsklearn\\b'] },
	{ name: 'xgboost', kind: 'technology', patterns: ['\\bxgboost\\b', '\\blightgbm\\b', '\\bcatboost\\b', '\\bgradient boost'] },
	{ name: 'hugging face', kind: 'technology', patterns: ['\\bhugging ?face\\b', '\\btransformers library\\b'] },
	// Data platforms
	{ name: 'spark', kind: 'technology', patterns: ['\\bpyspark\\b', '\\bapache spark\\b', '\\bspark\\b(?! ?plug)'] },
	{ name: 'databricks', kind: 'technology', patterns: ['\\bdatabricks\\b'] },
	{ name: 'snowflake', kind: 'technology', patterns: ['\\bsnowflake\\b'] },
	{ name: 'bigquery', kind: 'technology', patterns: ['\\bbig ?query\\b'] },
	{ name: 'airflow', kind: 'technology', patterns: ['\\bairflow\\b'] },
	{ name: 'dbt', kind: 'technology', patterns: ['\\bdbt\\b'] },
	{ name: 'kafka', kind: 'technology', patterns: ['\\bkafka\\b'] },
	{ name: 'postgresql', kind: 'technology', patterns: ['\\bpostgres(?:ql)?\\b'] },
	{ name: 'elasticsearch', kind: 'technology', patterns: ['\\belastic ?search\\b', '\\bopensearch\\b'] },
	// Infrastructure and MLOps
	{ name: 'kubernetes', kind: 'technology', patterns: ['\\bkubernetes\\b', '\\bk8s\\b', '\\beks\\b', '\\bgke\\b', '\\baks\\b'] },
	{ name: 'docker', kind: 'technology', patterns: ['\\bdocker\\b', '\\bcontaineri[sz]'] },
	{ name: 'terraform', kind: 'technology', patterns: ['\\bterraform\\b'] },
	{ name: 'mlflow', kind: 'technology', patterns: ['\\bmlflow\\b'] },
	{ name: 'kubeflow', kind: 'technology', patterns: ['\\bkubeflow\\b'] },
	{ name: 'aws', kind: 'technology', patterns: ['\\baws\\b', '\\bamazon web services\\b', '\\bec2\\b', '\\beks\\b', '\\bs3\\b', '\\bbedrock\\b'] },
	{ name: 'sagemaker', kind: 'technology', patterns: ['\\bsagemaker\\b'] },
	{ name: 'gcp', kind: 'technology', patterns: ['\\bgcp\\b', '\\bgoogle cloud\\b', '\\bgke\\b'] },
	{ name: 'vertex ai', kind: 'technology', patterns: ['\\bvertex(?: ai)?\\b'] },
	{ name: 'azure', kind: 'technology', patterns: ['\\bazure\\b', '\\baks\\b'] },
	{ name: 'gpu', kind: 'technology', patterns: ['\\bgpus?\\b', '\\bcuda\\b', '\\ba100s?\\b', '\\bh100s?\\b'] },
	// LLM tooling
	{ name: 'openai', kind: 'technology', patterns: ['\\bopen ?ai\\b', '\\bgpt(?:-?\\d\\w*)?\\b', '\\bchatgpt\\b'] },
	{ name: 'anthropic', kind: 'technology', patterns: ['\\banthropic\\b', '\\bclaude\\b'] },
	{ name: 'open-weights llm', kind: 'technology', patterns: ['\\bopen[- ]weights?\\b', '\\bllama\\b', '\\bmistral\\b', '\\bopen[- ]source (?:llm|model)'] },
	{ name: 'langchain', kind: 'technology', patterns: ['\\blangchain\\b', '\\blanggraph\\b'] },
	{ name: 'llamaindex', kind: 'technology', patterns: ['\\bllama ?index\\b'] },
	{ name: 'vector database', kind: 'technology', patterns: ['\\bpinecone\\b', '\\bweaviate\\b', '\\bqdrant\\b', '\\bpgvector\\b', '\\bmilvus\\b', '\\bvector (?:db|database|store|search)\\b'] },
	// Business systems leads integrate with
	{ name: 'salesforce', kind: 'technology', patterns: ['\\bsalesforce\\b'] },
	{ name: 'hubspot', kind: 'technology', patterns: ['\\bhubspot\\b'] },
	{ name: 'sharepoint', kind: 'technology', patterns: ['\\bsharepoint\\b'] },
	{ name: 'intercom', kind: 'technology', patterns: ['\\bintercom\\b'] },
	{ name: 'zendesk', kind: 'technology', patterns: ['\\bzendesk\\b'] },
	{ name: 'power bi', kind: 'technology', patterns: ['\\bpower ?bi\\b'] },
	// Problem domains
	{ name: 'llm', kind: 'domain', patterns: ['\\bllms?\\b', '\\blarge language models?\\b', '\\bgenai\\b', '\\bgenerative ai\\b'] },
	{ name: 'rag', kind: 'domain', patterns: ['\\brag\\b', '\\bretrieval[- ]augmented\\b', '\\bchunking\\b'] },
	{ name: 'fine-tuning', kind: 'domain', patterns: ['\\bfine[- ]?tun'] },
	{ name: 'chatbot', kind: 'domain', patterns: ['\\bchat ?bots?\\b', '\\bassistants?\\b', '\\basistentes?\\b', '\\bassistente?s?\\b', '\\bcopilots?\\b', '\\bchat tutor'] },
	{ name: 'agents', kind: 'domain', patterns: ['\\bai agents?\\b', '\\bagentic\\b', '\\b(?:llm|autonomous) agents?\\b'] },
	{ name: 'embeddings', kind: 'domain', patterns: ['\\bembeddings?\\b', '\\bsemantic search\\b'] },
	{ name: 'forecasting', kind: 'domain', patterns: ['\\bforecast', '\\bprognose\\b', '\\babsatzprognose\\b', '\\bpr[ée]vision', '\\bpron[óo]stico'] },
	{ name: 'recommendation', kind: 'domain', patterns: ['\\brecommend(?:ation|er)s?\\b', '\\bpersonali[sz]'] },
	{ name: 'search ranking', kind: 'domain', patterns: ['\\bsearch ranking\\b', '\\branking models?\\b', '\\blearning to rank\\b'] },
	{ name: 'computer vision', kind: 'domain', patterns: ['\\bcomputer vision\\b', '\\bimage (?:classification|recognition|embeddings?)\\b', '\\bobject detection\\b', '\\bphotos?\\b', '\\bvideos?\\b', '\\bcv model\\b'] },
	{ name: 'nlp', kind: 'domain', patterns: ['\\bnlp\\b', '\\bnatural language\\b', '\\btext classification\\b', '\\bdocument classification\\b', '\\bextraction\\b'] },
	{ name: 'speech', kind: 'domain', patterns: ['\\bspeech\\b', '\\basr\\b', '\\btranscri(?:be|ption)'] },
	{ name: 'fraud detection', kind: 'domain', patterns: ['\\bfraud\\b'] },
	{ name: 'anomaly detection', kind: 'domain', patterns: ['\\banomal(?:y|ies)\\b'] },
	{ name: 'churn', kind: 'domain', patterns: ['\\bchurn\\b'] },
	{ name: 'pricing', kind: 'domain', patterns: ['\\bpricing\\b', '\\bprice (?:estimates?|optimi[sz]ation)\\b'] },
	{ name: 'predictive maintenance', kind: 'domain', patterns: ['\\bpredictive maintenance\\b'] },
	{ name: 'credit risk', kind: 'domain', patterns: ['\\bcredit (?:risk|scoring|decisioning)\\b'] },
	{ name: 'graph ml', kind: 'domain', patterns: ['\\bgraph neural\\b', '\\bgnns?\\b'] },
	{ name: 'time series', kind: 'domain', patterns: ['\\btime[- ]series\\b', '\\bsensor data\\b'] },
	{ name: 'monitoring', kind: 'domain', patterns: ['\\bmonitoring\\b', '\\bdrift\\b', '\\bobservability\\b'] },
	{ name: 'feature store', kind: 'domain', patterns: ['\\bfeature stores?\\b'] },
	{ name: 'model serving', kind: 'domain', patterns: ['\\bmodel serving\\b', '\\binference\\b', '\\bserving\\b', '\\bbatch[- ]scoring\\b'] },
	{ name: 'ci/cd', kind: 'domain', patterns: ['\\bci/cd\\b', '\\bcontinuous (?:integration|delivery|deployment)\\b'] },
	{ name: 'ai governance', kind: 'domain', patterns: ['\\bai act\\b', '\\bgovernance\\b', '\\bmodel risk\\b', '\\bcompliance\\b', '\\bss1/23\\b'] },
];

const COMPILED = STACK_TERMS.map((term) => ({
	term,
	regexes: term.patterns.map((p) => new RegExp(p, 'i')),
}));

/** Longest text scanned: technologies are named early, and a 1 MB message must stay cheap. */
const SCAN_LIMIT = 20_000;

export interface StackMatch {
	name: string;
	/** The excerpt that matched, for the brief's reasons. */
	evidence: string;
}

/** The stack terms a text names, in table order (technologies first), each once. */
export function stackOf(text: string): StackMatch[] {
	const scanned = text.slice(0, SCAN_LIMIT);
	const out: StackMatch[] = [];
	for (const { term, regexes } of COMPILED) {
		for (const regex of regexes) {
			const m = regex.exec(scanned);
			if (m) {
				out.push({ name: term.name, evidence: m[0] });
				break;
			}
		}
	}
	return out;
}
