package vocab

import "strings"

// commonWords are frequent English words, folded: a capitalised one at the
// start of a link text or a sentence is not a name, and a rule that puts
// one back is a correction of ordinary words, not a term. The list is
// short on purpose — function words, frequent verbs, nouns and adjectives,
// talk fillers, and the generic words of link texts; Learn judges other
// words by how a transcript writes them.
var commonWords = map[string]bool{}

// englishSuffixes end long words that are English, not names:
// "Calibration", "Replacement", "Spelling", "Visitors". Not "-ers":
// "Transformers" and "Diffusers" are names. See looksEnglish.
var englishSuffixes = []string{"tion", "tions", "sion", "sions", "ment", "ments", "ness", "ity", "ities",
	"ance", "ence", "ing", "ings", "ors", "ies", "ful", "less", "ous", "ive", "able", "ible", "ally", "ism", "back"}

// looksEnglish reports whether a capitalised word (only its first letter
// a capital, no joiners) of seven letters or more has the ending of an
// English noun, adjective or participle. A link text "Calibration" is a
// section, not a name; names so shaped ("Subversion", "Ansible") are
// lost from show notes, so the starter list has them.
func looksEnglish(w string) bool {
	if len(w) < 7 || wordShape(w) != shapeCapital || strings.ContainsAny(w, "-._") {
		return false
	}
	f := strings.ToLower(w)
	for _, suf := range englishSuffixes {
		if strings.HasSuffix(f, suf) {
			return true
		}
	}
	return false
}

// notTerms are words that are always capitalised but never terms.
var notTerms = map[string]bool{}

func init() {
	for _, w := range strings.Fields(commonList) {
		commonWords[w] = true
	}
	for _, w := range strings.Fields(notTermList) {
		notTerms[w] = true
		commonWords[w] = true
	}
}

// isCommonWord reports whether a folded word is common English, or an
// inflection of one: "errors", "working", "closed".
func isCommonWord(folded string) bool {
	if commonWords[folded] {
		return true
	}
	// Not "-er" and "-ly": "Typer", "Faker" and "Plotly" are names.
	for _, suf := range []string{"s", "es", "ing", "ed"} {
		stem, ok := strings.CutSuffix(folded, suf)
		if !ok || len(stem) < 3 {
			continue
		}
		if commonWords[stem] || (suf == "ing" || suf == "ed") && commonWords[stem+"e"] {
			return true
		}
	}
	return false
}

func notTerm(folded string) bool { return len(folded) <= 1 || notTerms[folded] }

const notTermList = `
i i'm i've i'd i'll ok okay oh mr mrs ms dr jr sr st vs etc eg ie am pm
monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
english american british european internet tv usa us uk eu
`

const commonList = `
a about above after again against all almost also although always among an and another any anyone
anything anyway are around as at away back be because been before being below best better between
big both but by can cannot could day did different do does doing done down during each early else
enough even ever every everyone everything example few find first for from full get gets getting give
go goes going gone good got great had has have having he her here hers herself him himself his how
however if in instead into is it its itself just keep kind know last later least less let like little
long look lot lots made make makes making many me might more most much must my myself need never new
next no nobody none nor not nothing now of off often old on once one only or other others our ours
ourselves out over own part people per perhaps place point put quite rather really right same say
says see seem set several she should show since so some someone something sometimes soon still such
sure take than that the their theirs them themselves then there these they thing things think this
those though through thus time to today together too top toward under until up upon us use used
useful uses using very via want was way we well went were what whatever when where whether which
while who whole whom whose why will with within without work works would yes yet you your yours
yourself yourselves
able add added again ago ahead already another ask asked bad based basically became become becomes
begin beginning behind believe bit build built call called came case certainly change check come
comes coming cool course create created cut deal definitely does doesn't don't easy end especially
exactly fact far feel felt fine fun gave getting guess happen happened hard hear heard help helps
high hope idea important interesting isn't it's keep kinds knew known large let's life line live
look looking lost love main maybe mean means mind moment money move nice number obviously open
pick play pretty probably problem problems question questions read ready real reason run running
said saw second seen sense side simple small sort space start started stuff super talk talking tell
thank thanks that's there's they're thought three told tool tools try trying turn two type under
understand usually version wait wanted wasn't week weeks went what's word words world wow yeah
year years yep you're you've actually absolutely alright anyways cause gonna gotta hey hmm huh kinda
like mhm nope oops right sorta uh uhm um wanna well whoa
here link links article articles blog post posts video videos audio podcast episode episodes
course courses tutorial docs documentation repo repository paper slides source website site page
announcement release notes release talk talks news extras extra joke jokes sponsor sponsors
thread tweet discussion demo details more info summary intro introduction overview guide update
updates changelog homepage project projects library libraries package packages app apps code
also new old next previous via
access account action actions active actual add address advanced age agent agents air alert algorithm
algorithms alternative alternatives amazing analysis analytics announcing answer answers anti apply
approach architecture area areas argument arguments array arrays art assistant async attack audit
auto automatic automation available awesome background backend bad balance bank base basic basics
batch battle beautiful beginner beginners behind benchmark benchmarks beta better beyond billion
binary birthday block blocks board body book books boot boost bot bots box brain branch break bridge
bring broken browser bug bugs building business button cache calendar camera cards care career
cases catch cell center challenge challenges change changes channel chapter chat cheat checker
checking choice choose city class classes clean cleaner clear client clients close cloud cluster
code coding collection color command commands comment comments community company compare comparing
compatibility compiler complete complex component components computer computing concurrency config
configuration connect connection console container containers content context control cool copy core
correct cost count coverage craft crash creating creator cross current custom customer daily dark
dashboard data database databases date days dead debug debugger debugging deep default define delete
deploy deployment deprecated design desktop detection dev developer developers development device
devices diff digital direct directory distributed doc document documents domain double download
driven driver drop dynamic edge edition editor effect effective efficient email embedded empty
enable engine engineer engineering engineers enhance enterprise environment environments error errors
event events everywhere evolution exception exceptions experience experiment experimental expert
explained explorer export expression extension extensions external face fake fast faster feature
features feed field fields file files filter final finding fix fixed fixes flow folder font form
format formatter formatting forms framework frameworks free friend friends front frontend function
functional functions future game games gateway general generate generated generation generator
generic getting global goodbye graph graphs green grid group groups growth guide guides hack hacking
handle handling happy hash header heap hello helper helpers hidden hint hints history home hooks host
hosting hot hub human icon identity image images implementation import improve improved improvements
index inference input inside install installing instance integration interactive interface internal
inventory issue issues item items job jobs key keys lab labs language languages latest launch layer
layout lazy lead learn learning lessons level libre license light lightweight limit limits linter
list lists load local lock log logs loop loops machine machines magic mail making manage management
manager map maps market master match math matrix media memory menu merge message messages method
methods metrics micro migration minimal mini mobile mode model models modern module modules monitor
monitoring multi music native natural navigation network networking networks node normal notebook
notebooks notification object objects office official online opening operations optimization
option optional options order organize output overview owner pack paid panel parallel parse parser
parsing password patch path pattern patterns pay performance personal phone photo pipeline pipelines
plan platform plot plots plugin plugins pocket policy pool popular port portable power powered
practical practice practices preview primary print privacy private pro process processing product
production profile profiler profiling program programming progress prompt proposal protocol proxy
public publish publishing pure queries query queue quick quickly race random range rate raw
reading realtime recipe recipes record recording red refactoring reference references regular
remote replace report request requests research resource resources response result results
review reviews rewrite robot root rule rules runner runtime safe sample samples save scale scaling
schema science scientist scientists scraping screen script scripting scripts search secret secrets
secure security select sensor serverless server servers service services session setup shared sheet
sheets shell shop short signal silent single size skill skills slow smart snake social software
solid solution sorting sound speed split sprint stack standard state static statistics status
step steps storage store stories story stream streaming string strings strong structure studio
style support supporters survey switch sync syntax system systems table tables tag tags task tasks
team teams tech technical template templates terminal test tested testing tests text the theme
theory thread threads tip tips token tokens toolkit tooling toolkit tour trace tracing tracker
training transform translation tree trends tricks trick true trust tutorial tutorials type typed types
typing ultimate unit universal unknown updated upgrade upgrades usage user users utility utilities
validation value values variable variables vector verbose view viewer views virtual vision visual
visualization voice vs walk wall watch watcher weather web website weekly welcome widget widgets
window wins wizard worker workers workflow workflows workshop wrapper write writer writing year young
zero series dependency dependencies packaging organization organizations nomination nominations application applications standalone legacy leverage counter stop join plus ways summit prototype energy reporting introspection hardware software lights closing anti social jump definition topic
`
