/**
 * Vetting rules as data (rubric section 5). Every table here is read by the
 * pure functions in resume.ts, github.ts, vet.ts and match.ts; changing a
 * weight or a threshold needs no code change. Bump RULESET_VERSION when a
 * change would alter verdicts.
 */
import type { Role } from '../lead/schema';

export const RULESET_VERSION = 'candidate-2026.12.2';

/** A term (case-insensitive regular expression source) and the points it gives. */
export type Term = readonly [pattern: string, weight: number];

/**
 * Evidence for each role (rubric sections 2 and 5, applied to the person). A
 * job title is worth more than a tool; the headline of a résumé counts
 * `ROLE_WEIGHTS.headline` times. CVs arrive in several languages: each concept
 * carries its common Spanish, Portuguese, German, French and Italian wording
 * next to the English one (tool names are the same everywhere). Patterns never
 * end in `\b` right after an accented letter (JavaScript's `\b` is ASCII-only);
 * they use `(?![a-z])` there instead.
 */
export const ROLE_TERMS: Readonly<Record<Role, readonly Term[]>> = {
	ai_consultant: [
		['\\b(?:ai |data |digital )?(?:strateg(?:y|ies|ic|ists?))\\b|\\bestrat[eé]gi(?:a|as|co|ca)(?![a-z])|\\bstrat[eé]gi(?:e|que)s?(?![a-z])|\\bstrategie\\w*|\\bstrategisch\\w*|\\bstrategi(?:a|co|ca)\\b', 2],
		['\\bconsult(?:ant|ancy|ing)\\b|\\bconsultor(?:a|es|ia)?\\b|\\bconsultoría|\\bberater(?:in)?\\b|\\bberatung\\b|\\b\\w+berater(?:in)?\\b|\\bconseil\\b|\\bconsulente\\b', 3],
		['\\badvis(?:or|er|ory)\\b|\\basesor(?:a|es|ía)?(?![a-z])|\\bassessoria\\b|\\bconseill(?:er|ère)\\b', 3],
		['\\bhead of (?:ai|data)\\b', 3],
		['\\bfractional\\b', 2],
		['\\broad ?maps?\\b|\\bhojas? de ruta\\b|\\bfahrpl[äa]ne?\\b|\\bfeuilles? de route\\b', 2],
		['\\bstakeholders?\\b', 1.5],
		['\\bgovernance\\b', 1.5],
		['\\bvendor (?:selection|evaluation|rfps?)|\\bevaluated (?:\\w+ )?(?:vendors|platforms|tools)\\b|\\bvendors?\\b', 1.5],
		['\\bbuild[- ]vs[- ]buy\\b', 2],
		['\\broi\\b|\\bbusiness cases?\\b', 1.5],
		['\\bhiring plans?\\b', 1.5],
		['\\bworkshops?\\b', 1],
		['\\bsteering\\b', 1],
		['\\b(?:opportunity|readiness|maturity) (?:assessments?|reviews?|questionnaire)\\b|\\bmaturity\\b', 1.5],
		['\\beu ai act\\b|\\bai act\\b', 1.5],
		['\\btransformation\\b', 1.5],
		['\\boperating models?\\b', 1],
		['\\bplaybooks?\\b', 1],
		['\\bprocurement\\b|\\brfps?\\b', 1],
		['\\bboard\\b', 1],
		['\\bexecutives?\\b|\\bc-suites?\\b|\\bc-level\\b|\\bcxos?\\b|\\bgesch[äa]ftsf[üu]hrung\\b|\\bvorstand\\b|\\bdirecci[oó]n general\\b|\\bcomit[eé] de direcci[oó]n\\b', 1],
		// Advisory work described as helping an organisation decide (rubric: "advisory, stakeholder work").
		['\\bhelp(?:s|ed|ing)? (?:c-suites?|executives|leaders|leadership teams?|boards|companies|organi[sz]ations|founders|clients|enterprises|businesses)\\b', 1.5],
		['\\bchange management\\b', 1],
		['\\buse[- ]cases?\\b', 1],
	],
	research_scientist: [
		['\\bresearch scientists?\\b', 4],
		['\\bpost-?doc(?:toral)?\\b', 4],
		['\\bph\\.? ?d\\b|\\bdoctorado\\b|\\bdoutorado\\b|\\bdoktorand(?:in)?\\b|\\bdoctorat\\b|\\bdottorato\\b', 2],
		['\\bpublications?\\b|\\bpublicaciones\\b|\\bpublica[cç](?:õ|o)es(?![a-z])|\\bver[öo]ffentlichungen\\b|\\bpubblicazioni\\b', 3],
		['\\bpapers?\\b|\\bart[ií]culos? cient[ií]ficos?(?![a-z])', 1.5],
		['\\bthesis\\b|\\btesis\\b|\\btese\\b|\\bdissertation\\b|\\bth[eè]se\\b|\\btesi\\b', 1.5],
		['\\bresearch(?:er)?\\b|\\binvestigador(?:a|es)?\\b|\\binvestigaci[oó]n\\b|\\bpesquis(?:a|ador|adora)\\b|\\bforsch(?:er|erin|ung)\\b|\\bchercheu(?:r|se)\\b|\\bricerca(?:tore|trice)?\\b', 1],
		['\\b(?:neurips|icml|iclr|acl|emnlp|naacl|cvpr|iccv|eccv|aaai|ijcai|sigir|kdd|cikm|ecir|uai|aistats|interspeech|icassp|miccai|corl)\\b', 2],
		['\\barxiv\\b', 2],
		['\\bnovel\\b', 1],
		['\\bidentifiab\\w*|\\btheorem\\w*|\\bequivarian\\w*', 1.5],
		['\\breviewer\\b', 1.5],
		['\\bcitation\\b', 1],
		['\\blecturer\\b|\\bprofessor\\b', 2],
	],
	llm_engineer: [
		['\\bllm engineer(?:ing)?\\b', 4],
		['\\bllms?\\b', 1.5],
		['\\blarge language models?\\b|\\blanguage models?\\b|\\bmodelos? de lenguaje\\b|\\bmodelos? de linguagem\\b|\\bsprachmodell\\w*|\\bmod[eè]les? de langage\\b', 1],
		['\\brag\\b|\\bretrieval[- ]augmented\\b', 2],
		['\\bchat ?bots?\\b|\\bassistants?\\b|\\basistentes?(?: virtual(?:es)?)?\\b|\\bassistentes? virtua(?:l|is)\\b', 1.5],
		['\\bagents?\\b|\\bagentic\\b|\\bmulti-agent\\b|\\btool[- ]call\\w*', 1.5],
		['\\bprompts?\\b|\\bprompting\\b', 1],
		['\\blangchain\\b|\\blanggraph\\b|\\bllama ?index\\b|\\bdspy\\b|\\bautogen\\b|\\bcrewai\\b', 1],
		['\\bvllm\\b|\\btgi\\b|\\bollama\\b', 1],
		['\\bgpt(?:-[\\w.]+)?\\b|\\bopenai\\b|\\banthropic\\b|\\bclaude\\b|\\bllama\\b|\\bgemma\\b|\\bqwen\\b|\\bmistral\\b', 1],
		['\\bq?lora\\b|\\brlhf\\b|\\bdpo\\b', 1],
		['\\bembeddings?\\b|\\bvector (?:search|databases?|stores?)\\b|\\bpgvector\\b|\\bchroma\\b|\\bpinecone\\b|\\bweaviate\\b|\\bqdrant\\b', 1],
		['\\bevals?\\b|\\bguardrails?\\b|\\bjailbreak\\b|\\bprompt[- ]injection\\b', 1],
		['\\bsummari[sz]\\w*', 1],
	],
	mlops_engineer: [
		['\\bmlops\\b', 3],
		['\\b(?:ml |model |ai )?platform engineer\\w*|\\bml platform\\b', 3],
		['\\bkubernetes\\b|\\bk8s\\b|\\beks\\b|\\bgke\\b|\\baks\\b|\\bopenshift\\b', 1],
		['\\bhelm\\b|\\bterraform\\b|\\bkarpenter\\b|\\bkeda\\b', 1],
		['\\bkubeflow\\b|\\bmlflow\\b|\\bseldon\\b|\\bkserve\\b|\\btriton\\b|\\bbentoml\\b|\\bsagemaker\\b|\\bvertex ai\\b', 1],
		['\\bargo(?: ?cd| workflows)?\\b|\\bgitops\\b', 1],
		['\\bfeature stores?\\b|\\bfeast\\b|\\bmodel registry\\b', 1.5],
		['\\bmodel serving\\b|\\binference (?:platform|gateway|server)\\b|\\bserving platform\\b', 1.5],
		['\\bdrift\\b|\\bskew\\b', 1],
		['\\bmonitoring\\b|\\bprometheus\\b|\\bgrafana\\b|\\bopentelemetry\\b', 1],
		['\\bci/cd\\b|\\bdevops\\b|\\bsre\\b|\\bgithub actions\\b', 1],
		['\\bgpu (?:cost|spend|quotas?|node|utili[sz]ation)\\w*|\\bautoscal\\w*', 1],
		['\\bdocker\\b|\\bairflow\\b', 0.5],
	],
	ml_engineer: [
		['\\bmachine learning engineer\\b|\\bml engineer(?:ing)?\\b|\\bingenier[oa] (?:de |en )?(?:machine learning|aprendizaje autom[aá]tico|ml)\\b|\\bengenheir[oa] de (?:machine learning|ml|aprendizado de m[aá]quina)\\b|\\b(?:ml|machine[- ]learning)[- ]ingenieur(?:in)?\\b|\\bing[eé]nieur(?:e)? (?:en )?(?:machine learning|ml|apprentissage automatique)\\b', 4],
		['\\bdata scientist\\b', 2],
		['\\bcomputer vision\\b|\\bcomputer-vision\\b|\\bvisi[oó]n (?:por computador(?:a)?|artificial)\\b|\\bvis[aã]o computacional\\b|\\bbildverarbeitung\\b|\\bmaschinelles sehen\\b|\\bvision par ordinateur\\b|\\bvisione artificiale\\b', 2],
		['\\bforecast\\w*|\\bprevisi[oó]n(?:es)?\\b|\\bpron[oó]sticos?\\b|\\bprevis[aã]o\\b|\\bprognose\\w*|\\bpr[eé]vision(?:s)?\\b', 1.5],
		['\\brecommend(?:ation|er)s?\\b|\\brecomendaci(?:ó|o)n(?:es)?\\b|\\bempfehlung\\w*|\\brecommandation\\w*', 1.5],
		['\\bobject[- ]detection\\b|\\bdetection\\b|\\btracking\\b|\\bsegmentation\\b|\\bimage\\w*|\\bdetecci[oó]n\\b|\\bdetec[cç][aã]o\\b|\\berkennung\\b|\\bd[eé]tection\\b|\\bsegmentaci[oó]n\\b|\\bim[aá]gen(?:es)?\\b|\\bbilder?\\b', 1],
		['\\bclassifi(?:cation|er)s?\\b|\\bclasificaci[oó]n\\b|\\bklassifi(?:kation|zierung)\\b', 1],
		['\\bchurn\\b|\\bfraud\\b|\\bcredit (?:scoring|risk)\\b|\\bpricing\\b|\\buplift\\b|\\bpropensity\\b|\\blifetime value\\b|\\bclv\\b', 1.5],
		['\\btabular\\b|\\btime[- ]series\\b|\\bsearch ranking\\b|\\blearning to rank\\b', 1],
		['\\bxgboost\\b|\\blightgbm\\b|\\bcatboost\\b|\\bscikit-learn\\b|\\bsklearn\\b|\\bgradient[- ]boost\\w*', 1],
		['\\byolo\\w*|\\bconvnext\\b|\\befficient(?:net|det)\\w*|\\bonnx\\w*|\\btensorrt\\b|\\bopencv\\b', 1],
		['\\bfeature engineering\\b|\\bdemand\\b', 1],
	],
};

export const ROLE_WEIGHTS = {
	/** The first lines of a résumé (name and title) count this many times. */
	headline: 3,
	/** A GitHub bio. */
	bio: 2,
	/** Descriptions, topics and names of the candidate's own repositories. */
	repo: 1,
	/** Forked repositories say what someone looked at, not what they did. */
	fork: 0.25,
	/** A term counts at most this many times per source, so a keyword list cannot win alone. */
	maxHitsPerTerm: 3,
	/** Certificates and courses are not role evidence (rubric: "none" is certificates only). */
	courseContext: 0.25,
	/**
	 * A list of hot terms (HYPE_LIST) is not role evidence either (rubric: buzzwords are "long lists
	 * of hot terms"; roleFit is what the evidence supports): its terms count this much.
	 */
	hypeListContext: 0.25,
	/** Tie order when points are equal: the broadest engineering role first. */
	tieOrder: ['ml_engineer', 'mlops_engineer', 'llm_engineer', 'research_scientist', 'ai_consultant'] as readonly Role[],
} as const;

/**
 * Separators inside one line: pipes, bullets and middle dots of a LinkedIn-style
 * headline, semicolons, sentence ends. The course context below applies to the
 * segment it is in, so "20+ certifications" at the end of a headline does not
 * discount the titles before it.
 */
export const SEGMENT_SEPARATOR = '\\s[|•·]\\s|[|•;]|(?<=[.!?])\\s+';

/**
 * A statement that is a list of hot terms: at least `minItems` items (separated by middle dots,
 * bullets, pipes, commas or semicolons) with at least `minHypeTerms` BUZZWORDS among them. A
 * skills line of tool names is a list but not hype; a sentence with two slogans is hype but not a list.
 */
export const HYPE_LIST = { separator: '[|•·,;]', minItems: 5, minHypeTerms: 3 } as const;

/** Statements about a course, certificate or exam (their terms count for little). */
export const COURSE_CONTEXT = '\\bcertifi\\w*|\\bcourses?\\b|\\bspeciali[sz]ation\\b|\\bbootcamp\\b|\\bzoomcamp\\b|\\bexam\\b|\\bbadges?\\b|\\bfundamentals\\b';

/** Statements about what someone wants, not what they did: no production signal counts in them. */
export const ASPIRATION =
	'\\bwould like\\b|\\blooking for\\b|\\bwant(?:s|ed)? to\\b|\\bhope to\\b|\\bhoping\\b|\\blearn(?:ing)? how\\b|\\binterested in\\b|\\baspir\\w*|\\bseeking\\b|\\bkeen to\\b|\\bdrive to\\b|\\bpassion\\w* (?:for|about)\\b' +
	'|\\bme gustar[ií]a\\b|\\bbusco\\b|\\bquiero\\b|\\bquisiera\\b|\\bgostaria\\b|\\bprocuro\\b|\\bm[öo]chte\\b|\\bsuche\\b|\\bje (?:souhaite|cherche|voudrais)\\b|\\bvorrei\\b|\\bcerco\\b';

/**
 * Résumé signals of running systems (rubric section 5, "strong"/"some"). Counts
 * and excerpts of these decide the résumé's production level.
 */
export const RESUME_PRODUCTION: Readonly<Record<'shipped' | 'opsMetric' | 'incident' | 'onCall', string>> = {
	/** Named systems shipped or run: a verb of shipping, or a usage figure (English first, then es/pt/de/fr/it). */
	shipped:
		'\\ben producci[oó]n\\b|\\ba producci[oó]n\\b|\\bdesplegu[eé](?![a-z])|\\bdesplegad[oa]s?\\b|\\bmantengo\\b|\\bmantuve\\b|\\bem produ[cç][aã]o\\b|\\bimplantei\\b|\\bmantenho\\b|\\bin (?:die )?produktion\\b|\\bproduktiv(?:betrieb|einsatz|system\\w*| gesetzt| genommen)\\b|\\bin betrieb\\b|\\bbetreibe\\b|\\bausgerollt\\b|\\bdeployt\\b|\\ben production\\b|\\bmis(?:e)? en production\\b|\\bd[eé]ploy[eé](?:e|s|es)?(?![a-z])|\\bin produzione\\b|\\brilasciat[oaie]\\b|' +
		'\\bshipped\\b|\\blaunched\\b|\\bdeploy(?:ed|ing|s)?\\b|\\bproductioni[sz]ed\\b|\\bwent live\\b|\\blive since\\b|\\bis live\\b|\\bin production\\b|\\bto production\\b|\\brolled out\\b|\\bbuilt and (?:run|maintain)\\w*|\\bmaintain(?:s|ed)?\\b|\\bown the (?:[\\w-]+ ){0,3}(?:platform|service|system|pipeline|api|stack)\\b|\\b(?:serv|handl)(?:es|ing|ed) (?:~|about |around |up to |over )?\\d|\\bused (?:daily |weekly )?by (?:~|about |around |over )?\\d',
	/** Latency, throughput, uptime and scale figures. */
	opsMetric:
		'\\bp(?:50|90|95|99)\\b|\\d\\s?ms\\b|\\brequests?/(?:s|sec|min)\\b|\\b(?:rps|qps|tps)\\b|\\btransactions/s\\b|\\d(?:\\.\\d+)?\\s?%\\s(?:\\w+\\s)?(?:availability|uptime)\\b|\\b(?:availability|uptime) (?:of |at )?\\d|\\b(?:verf[üu]gbarkeit|disponibilidad|disponibilidade|disponibilit[eéà])(?: (?:de|von|del|da|di))? \\d|\\bslas?\\b|\\bslos?\\b|\\d(?:[.,]\\d+)?\\s?[km]? (?:requests|calls|tickets|transactions|documents|claims) (?:a|per) (?:second|minute|day|month)\\b',
	/** What broke in production and how it was fixed. */
	incident:
		'\\bincidente?s?\\b|\\bca[ií]das?\\b|\\bst[öo]rung(?:en)?\\b|\\bausf[äa]ll(?:e|en)?\\b|\\bvorf[äa]ll(?:e)?\\b|\\bpannes?\\b|\\bguasto\\b|\\bincidenti\\b|' +
		'\\bincidents?\\b|\\boutages?\\b|\\bpost-?mortems?\\b|\\brolled back\\b|\\broll(?:ed)? ?back\\b|\\broot cause\\b|\\bpaged\\b|\\bbroke\\b|\\bdegraded mode\\b|\\bfailover\\b',
	onCall: '\\bon[- ]?call\\b|\\bpager\\b|\\bde guardia\\b|\\bguardias\\b|\\brufbereitschaft\\b|\\bbereitschaftsdienst\\b|\\bastreintes?\\b|\\bplant[aã]o\\b|\\bsobreaviso\\b|\\breperibilit',
};

/** Outcome figures: percentages, money, multipliers, counts of people or things served. */
export const RESUME_METRIC =
	'\\d(?:[.,]\\d+)?\\s?%|[€$£₹¥]\\s?\\d|\\d(?:[.,]\\d+)?\\s?[x×]\\b|\\bp(?:50|90|95|99)\\b|\\d\\s?ms\\b|\\d(?:[.,]\\d+)?\\s?[km]?\\+? ?(?:requests|req|calls|tickets|documents|claims|users|customers|lawyers|employees|staff|models|stores|skus|downloads|transactions|teams|hospitals|municipalities|countries)\\b';

/** Kaggle-style competitions and medals (rubric: competition_only). */
export const COMPETITION =
	'\\bkaggle\\b|\\bcompetitions?\\b|\\bgrandmaster\\b|\\b(?:gold|silver|bronze)\\b|\\bleaderboard\\b|\\btop \\d+(?:\\.\\d+)?\\s?%|\\b\\d+(?:st|nd|rd|th) (?:place|of)\\b|\\bmedals?\\b|\\bprize\\b';

/** Papers and academic work. */
export const PUBLICATION = '\\bpublications?\\b|\\bpapers?\\b|\\bproceedings\\b|\\barxiv\\b|\\bthesis\\b';

/**
 * Hype terms (rubric: buzzwords_without_artifacts). Tool names are not
 * buzzwords; self-descriptions and slogans are.
 */
export const BUZZWORDS: readonly string[] = [
	'\\bvisionary\\b',
	'\\bthought lead(?:er|ership)\\b',
	'\\bevangel\\w*',
	'\\bkeynote\\b',
	'\\bpassionate\\b',
	'\\benthusiast\\b',
	'\\bresults[- ]driven\\b',
	'\\bdynamic\\b',
	'\\bforward[- ]thinking\\b',
	'\\bcutting[- ]edge\\b',
	'\\bstate[- ]of[- ]the[- ]art\\b',
	'\\bnext[- ]gen\\w*',
	'\\brevolutioni[sz]\\w*',
	'\\btransformative\\b',
	'\\bunlock\\w*',
	'\\bexponential\\b',
	'\\bleverag\\w*',
	'\\bsynerg\\w*',
	'\\bholistic\\b',
	'\\bgame[- ]chang\\w*',
	'\\bdisrupt\\w*',
	'\\bspearhead\\w*',
	'\\bchampion(?:ed|ing)?\\b',
	'\\binnovation\\b',
	'\\bdigital transformation\\b',
	'\\btransformation journeys?\\b',
	'\\bgen ?ai\\b',
	'\\bgenerative ai\\b',
	'\\bagentic ai\\b',
	'\\bai[- ]first\\b',
	'\\bllmops\\b',
	'\\baiops\\b',
	'\\bresponsible (?:& ethical )?ai\\b',
	'\\bhyperautomation\\b',
	'\\bweb3\\b',
	'\\bquantum\\b',
	'\\bend[- ]to[- ]end\\b',
	'\\benterprise[- ]grade\\b',
	'\\bproduction[- ]grade\\b',
	'\\bscalable\\b',
	'\\bexpert\\b',
	'\\bguru\\b',
	'\\bninja\\b',
	'\\blifelong learner\\b',
	'\\bai voices?\\b',
	'\\bempower\\w*',
	'\\bworld[- ]class\\b',
];

/** Thresholds of the résumé judgement. */
export const RESUME_THRESHOLDS = {
	/** Characters of a résumé that are read (a CV is rarely over 20k; a 1 MB paste is cut here). */
	maxChars: 60_000,
	/** Lines at the top that form the headline. */
	headlineLines: 2,
	/** buzzwords_without_artifacts: at least this many hype terms ... */
	buzzwordMin: 5,
	/** ... and at most this many artefacts (metrics, incidents, named repositories). */
	artifactMax: 0,
	/** competition_only: at least this many competition mentions (résumé and repositories). */
	competitionMin: 2,
	/** Excerpt length kept as evidence. */
	excerptChars: 180,
} as const;

/**
 * Root-listing entries that show a repository runs somewhere (rubric section
 * 5: Dockerfiles, CI workflows, tests, deployment manifests, serving code,
 * monitoring). Matched against the whole entry name, case-insensitive.
 */
export const REPO_SIGNALS: Readonly<Record<'docker' | 'ci' | 'tests' | 'deploy' | 'serving' | 'monitoring', { files: string; dirs: string }>> = {
	docker: {
		files: '^(?:dockerfile(?:\\..+)?|.+\\.dockerfile|docker-compose\\.ya?ml|compose\\.ya?ml|\\.dockerignore|containerfile)$',
		dirs: '^(?:docker)$',
	},
	ci: {
		files: '^(?:\\.gitlab-ci\\.ya?ml|\\.travis\\.ya?ml|jenkinsfile|azure-pipelines\\.ya?ml|cloudbuild\\.ya?ml|bitbucket-pipelines\\.yml|action\\.ya?ml)$',
		dirs: '^(?:\\.github|\\.circleci|\\.buildkite|\\.gitlab)$',
	},
	tests: {
		files: '^(?:tox\\.ini|pytest\\.ini|noxfile\\.py|conftest\\.py|locustfile\\.py|jest\\.config\\.\\w+|.+_test\\.go)$',
		dirs: '^(?:tests?|spec|__tests__|e2e|integration[-_]tests|loadtests?|load[-_]tests?)$',
	},
	deploy: {
		files: '^(?:.+\\.tf|serverless\\.ya?ml|fly\\.toml|procfile|app\\.yaml|kustomization\\.ya?ml|skaffold\\.ya?ml|bentofile\\.ya?ml|helmfile\\.ya?ml|render\\.yaml|vercel\\.json|netlify\\.toml|cloudbuild\\.ya?ml|template\\.ya?ml|samconfig\\.toml)$',
		dirs: '^(?:k8s|kubernetes|kube|charts?|helm|deploy|deployments?|manifests|terraform|infra|infrastructure|ops|argocd|kustomize|overlays)$',
	},
	serving: {
		files: '^(?:service\\.py|server\\.py|app\\.py|serve\\.py|api\\.py|wsgi\\.py|asgi\\.py|gunicorn\\.conf\\.py|main\\.go)$',
		dirs: '^(?:api|app|server|serve|serving|service|services|cmd|proto|model_repository)$',
	},
	monitoring: {
		files: '^(?:prometheus\\.ya?ml|alerts?\\.ya?ml|alertmanager\\.ya?ml)$',
		dirs: '^(?:monitoring|grafana|dashboards|alerts|otel-collector|observability|prometheus)$',
	},
};

/** Description and topic words that show serving or monitoring code (the root listing cannot). */
export const REPO_DESCRIPTION_SIGNALS: Readonly<Partial<Record<keyof typeof REPO_SIGNALS, string>>> = {
	serving: '\\bapi\\b|\\bfastapi\\b|\\bflask\\b|\\bgrpc\\b|\\bendpoint\\b|\\bgateway\\b|\\bproxy\\b|\\bserving\\b|\\bmicroservice\\b|\\blookup service\\b|\\binference server\\b',
	monitoring: '\\bmonitor(?:ing|s)?\\b|\\bprometheus\\b|\\bgrafana\\b|\\bdashboards?\\b|\\balerts?\\b|\\bslos?\\b',
};

/** Thresholds of the GitHub judgement. */
export const GITHUB_THRESHOLDS = {
	/** Repositories whose languages and root listing are read. */
	maxRepos: 5,
	/** A repository with this many signal categories counts as a running system. */
	productionRepoCategories: 3,
	/** Running-system repositories for "strong" from GitHub alone. */
	strongRepos: 2,
	/** A repository with this many categories (or one of STRONG_CATEGORIES) is a partial signal. */
	partialRepoCategories: 2,
	/** notebook_only: share of own repositories that are notebooks ... */
	notebookShare: 0.75,
	/** ... with at least this many notebook repositories. */
	notebookMinRepos: 2,
	/** A repository is a notebook repository when notebooks are this share of its code bytes. */
	notebookBytesShare: 0.5,
	/** forks_only: share of public repositories that are forks (strictly more than). */
	forkShare: 0.5,
	/** inactive: no push for more than this many years. */
	inactiveYears: 2,
} as const;

/** One category alone that is already a partial production signal. */
export const STRONG_CATEGORIES: readonly string[] = ['docker', 'deploy', 'serving'];

/** Repository names that say little about someone's work. */
export const LOW_VALUE_REPOS = '^(?:dotfiles|\\.dotfiles|config|configs|advent-?of-?code.*|aoc-?\\d*|blog|site|website|homepage|.+\\.github\\.io)$';

/** Points of the overall score (0..100). */
export const SCORE_WEIGHTS = {
	production: { strong: 70, some: 45, none: 15 },
	/** Up to this many points for a clear role fit (margin over the runner-up). */
	roleClarity: 15,
	/** A push within the last year. */
	recentActivity: 10,
	redFlag: {
		notebook_only: 12,
		competition_only: 12,
		buzzwords_without_artifacts: 20,
		forks_only: 10,
		inactive: 8,
		no_public_work: 5,
	},
} as const;

/** Points of a match against a brief (0..100). */
export const MATCH_WEIGHTS = {
	role: { primary: 35, listed: 22, related: 10, none: 0 },
	stack: 25,
	/** Production evidence points; a strategy-only (consultant) brief weighs it less. */
	production: {
		engineer: { strong: 30, some: 15, none: 0 },
		consultant: { strong: 15, some: 12, none: 5 },
	},
	base: 10,
	redFlag: {
		notebook_only: 10,
		competition_only: 10,
		buzzwords_without_artifacts: 12,
		forks_only: 6,
		inactive: 6,
		no_public_work: 4,
	},
} as const;

/** Engineering roles close enough that a candidate of one can cover the other in part. */
export const RELATED_ROLES: Readonly<Record<Role, readonly Role[]>> = {
	ml_engineer: ['mlops_engineer', 'llm_engineer'],
	mlops_engineer: ['ml_engineer'],
	llm_engineer: ['ml_engineer'],
	research_scientist: ['ml_engineer', 'llm_engineer'],
	ai_consultant: [],
};

/** Technologies recognised in résumés and matched against a brief's stack (lower case, canonical). */
export const SKILLS: readonly string[] = [
	'python', 'go', 'golang', 'java', 'scala', 'rust', 'c++', 'typescript', 'javascript', 'sql', 'r',
	'pytorch', 'tensorflow', 'jax', 'keras', 'scikit-learn', 'xgboost', 'lightgbm', 'catboost', 'pandas', 'polars', 'numpy', 'spark', 'pyspark', 'dask', 'ray',
	'kubernetes', 'docker', 'helm', 'terraform', 'airflow', 'argo', 'kubeflow', 'mlflow', 'seldon', 'kserve', 'triton', 'bentoml', 'feast', 'dvc', 'sagemaker', 'vertex ai', 'databricks', 'snowflake', 'bigquery', 'dbt',
	'kafka', 'flink', 'redis', 'postgresql', 'postgres', 'elasticsearch', 'opensearch',
	'fastapi', 'flask', 'django', 'grpc',
	'prometheus', 'grafana', 'opentelemetry', 'datadog',
	'aws', 'gcp', 'azure', 'lambda',
	'llm', 'rag', 'langchain', 'langgraph', 'llamaindex', 'vllm', 'openai', 'lora', 'qlora', 'pgvector', 'embeddings', 'vector search', 'agents', 'fine-tuning',
	'computer vision', 'nlp', 'forecasting', 'recommendation', 'object detection', 'time series', 'onnx', 'tensorrt', 'cuda', 'yolo',
	'mlops', 'ci/cd', 'github actions', 'streamlit',
];
