package cli

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

var completionCmd = &command{
	name: "completion", args: "bash|zsh|fish",
	summary: "print a shell completion script",
	help: `
Prints a script that completes emend's commands, their options and file
names in the shell. To use it:
  bash   emend completion bash > ~/.local/share/bash-completion/completions/emend
         (or: source <(emend completion bash) in ~/.bashrc)
  zsh    emend completion zsh > "${fpath[1]}/_emend"
         (or: source <(emend completion zsh) in ~/.zshrc, after compinit)
  fish   emend completion fish > ~/.config/fish/completions/emend.fish`,
	run: runCompletion,
}

// The commands are listed by cli.go's init; this file's init runs after it
// (the go command gives a package's files to the compiler in name order).
func init() { commands = append(commands, completionCmd) }

func runCompletion(env *Env, args []string) error {
	pos, err := parse(newFlags("completion"), args, 1, 1)
	if err != nil {
		return err
	}
	cs := completions()
	switch pos[0] {
	case "bash":
		writeBash(env.Stdout, cs)
	case "zsh":
		writeZsh(env.Stdout, cs)
	case "fish":
		writeFish(env.Stdout, cs)
	default:
		return usagef("unknown shell %q: want bash, zsh or fish", pos[0])
	}
	return nil
}

// completion is what a shell needs to know of a command.
type completion struct {
	name, summary string
	flags         []completionFlag
}

type completionFlag struct {
	name, usage string
	takesValue  bool
}

// completions lists every command with its options, from the same flag
// sets that parse them, so that the scripts never fall behind.
func completions() []completion {
	var out []completion
	for _, c := range commands {
		cc := completion{name: c.name, summary: c.summary}
		if c.flags != nil {
			c.flags().VisitAll(func(f *flag.Flag) {
				_, usage := flag.UnquoteUsage(f)
				cc.flags = append(cc.flags, completionFlag{name: f.Name, usage: usage, takesValue: !isBool(f)})
			})
		}
		sort.Slice(cc.flags, func(i, j int) bool { return cc.flags[i].name < cc.flags[j].name })
		out = append(out, cc)
	}
	return out
}

func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// dashed writes a flag as people type it: -o for one letter, --name else.
func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// firstSentence shortens a usage or summary for a completion menu, with
// none of the characters the shells' syntax gives a meaning to.
func firstSentence(s string) string {
	if i := strings.IndexAny(s, ";("); i > 0 {
		s = s[:i]
	}
	s = strings.NewReplacer("'", "’", "[", "", "]", "", ":", "", "`", "", "\\", "", "\"", "", "$", "", "\n", " ").Replace(s)
	s = strings.TrimSpace(s)
	if len(s) > 60 {
		s = strings.TrimSpace(s[:57]) + "..."
	}
	return s
}

func writeBash(w io.Writer, cs []completion) {
	var names []string
	for _, c := range cs {
		names = append(names, c.name)
	}
	fmt.Fprintf(w, `# bash completion for emend (emend completion bash)
_emend() {
	local cur=${COMP_WORDS[COMP_CWORD]}
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "%s help --help --version" -- "$cur"))
		return
	fi
	local opts=""
	case "${COMP_WORDS[1]}" in
`, strings.Join(names, " "))
	for _, c := range cs {
		var fl []string
		for _, f := range c.flags {
			fl = append(fl, dashed(f.name))
		}
		fl = append(fl, "--help")
		fmt.Fprintf(w, "\t%s) opts=%q ;;\n", c.name, strings.Join(fl, " "))
	}
	fmt.Fprintf(w, `	esac
	case "${COMP_WORDS[1]}" in
	help) COMPREPLY=($(compgen -W "%s" -- "$cur")); return ;;
	completion) COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur")); return ;;
	esac
	if [[ "$cur" == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi
	COMPREPLY=() # file names, by -o default
}
complete -o default -F _emend emend
`, strings.Join(names, " "))
}

func writeZsh(w io.Writer, cs []completion) {
	fmt.Fprint(w, `#compdef emend
# zsh completion for emend (emend completion zsh)
_emend() {
	local -a commands
	commands=(
`)
	for _, c := range cs {
		fmt.Fprintf(w, "\t\t'%s:%s'\n", c.name, firstSentence(c.summary))
	}
	fmt.Fprint(w, `	)
	if (( CURRENT == 2 )); then
		_describe -t commands 'emend command' commands
		return
	fi
	local cmd=$words[2]
	shift words
	(( CURRENT-- ))
	case $cmd in
	help) _describe -t commands 'emend command' commands ;;
	completion) _values 'shell' bash zsh fish ;;
`)
	for _, c := range cs {
		if c.name == "completion" {
			continue
		}
		fmt.Fprintf(w, "\t%s)\n\t\t_arguments -S \\\n", c.name)
		for _, f := range c.flags {
			spec := fmt.Sprintf("%s[%s]", dashed(f.name), firstSentence(f.usage))
			if f.takesValue {
				spec += ":value:_files"
			}
			fmt.Fprintf(w, "\t\t\t'%s' \\\n", spec)
		}
		fmt.Fprint(w, "\t\t\t'--help[show help]' \\\n\t\t\t'*:file:_files'\n\t\t;;\n")
	}
	fmt.Fprint(w, `	esac
}
if [ "$funcstack[1]" = "_emend" ]; then
	_emend "$@"
else
	compdef _emend emend
fi
`)
}

func writeFish(w io.Writer, cs []completion) {
	fmt.Fprint(w, "# fish completion for emend (emend completion fish)\ncomplete -c emend -f -n __fish_use_subcommand -a help -d 'show help'\n")
	for _, c := range cs {
		fmt.Fprintf(w, "complete -c emend -f -n __fish_use_subcommand -a %s -d '%s'\n", c.name, firstSentence(c.summary))
	}
	for _, c := range cs {
		cond := fmt.Sprintf("'__fish_seen_subcommand_from %s'", c.name)
		if c.name == "completion" {
			fmt.Fprintf(w, "complete -c emend -f -n %s -a 'bash zsh fish'\n", cond)
			continue
		}
		for _, f := range c.flags {
			opt := "-l " + f.name
			if len(f.name) == 1 {
				opt = "-s " + f.name
			}
			req := ""
			if f.takesValue {
				req = " -r"
			}
			fmt.Fprintf(w, "complete -c emend -n %s %s%s -d '%s'\n", cond, opt, req, firstSentence(f.usage))
		}
	}
}
