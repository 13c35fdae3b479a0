package vocab

import "strings"

// commonWords are frequent English words, folded: a capitalised one at the
// start of a link text or a sentence is not a name, and a rule that puts
// one back is a correction of ordinary words, not a term. The list is
// short on purpose — function words, frequent verbs, nouns and adjectives,
// talk fillers, and the generic words of link texts; Learn judges other
// words by how a transcript writes them.
var commonWords = map[string]bool{}

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

func isCommonWord(folded string) bool { return commonWords[folded] }

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
`
