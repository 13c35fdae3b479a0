package deploy

import (
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/emend-project/emend/internal/config"
	"github.com/emend-project/emend/internal/server"
)

// root is the repository's root, two levels above this package.
const root = "../.."

// minGrace is the least time a container must be given to stop: the
// requests' 10 s and a decision being applied (up to 2 minutes).
const minGrace = 2*time.Minute + 10*time.Second

// knownEnv are the environment variables emend reads.
var knownEnv = []string{config.EnvAddr, config.EnvAllowHosts, config.EnvLogFormat, config.EnvPrivate, config.EnvConfig, config.EnvIndex, config.EnvTrustProxy,
	"EMEND_DATABASE_URL"}

type compose struct {
	Services map[string]*service `yaml:"services"`
	Volumes  map[string]any      `yaml:"volumes"`
}

type service struct {
	Image       string            `yaml:"image"`
	Build       any               `yaml:"build"`
	Command     []string          `yaml:"command"`
	Environment map[string]string `yaml:"environment"`
	Volumes     []string          `yaml:"volumes"`
	Ports       []string          `yaml:"ports"`
	DependsOn   yaml.Node         `yaml:"depends_on"`
	Healthcheck *struct {
		Test []string `yaml:"test"`
	} `yaml:"healthcheck"`
	StopGrace string `yaml:"stop_grace_period"`
	Restart   string `yaml:"restart"`
}

// dependsOn returns the services a service waits for, in either form
// compose takes (a list, or a map with conditions).
func (s *service) dependsOn(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	switch s.DependsOn.Kind {
	case 0:
	case yaml.SequenceNode:
		var names []string
		if err := s.DependsOn.Decode(&names); err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			out[n] = "service_started"
		}
	case yaml.MappingNode:
		var m map[string]struct {
			Condition string `yaml:"condition"`
		}
		if err := s.DependsOn.Decode(&m); err != nil {
			t.Fatal(err)
		}
		for n, c := range m {
			out[n] = c.Condition
		}
	default:
		t.Fatalf("depends_on: neither a list nor a map")
	}
	return out
}

func readCompose(t *testing.T) *compose {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "compose.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// Strictly: a key compose does not know is a mistake.
	var top map[string]yaml.Node
	if err := yaml.Unmarshal(b, &top); err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	for k := range top {
		if !strings.HasPrefix(k, "x-") && !slices.Contains([]string{"name", "services", "volumes", "networks", "configs", "secrets"}, k) {
			t.Errorf("compose.yaml: unknown top-level key %q", k)
		}
	}
	var c compose
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	return &c
}

// TestCompose checks compose.yaml: PostgreSQL, two emend servers and a
// proxy, which agree with each other.
func TestCompose(t *testing.T) {
	c := readCompose(t)
	for _, name := range []string{"db", "emend1", "emend2", "proxy", "index"} {
		if c.Services[name] == nil {
			t.Fatalf("no service %s", name)
		}
	}
	for name, s := range c.Services {
		if s.Image == "" && s.Build == nil {
			t.Errorf("%s: neither image nor build", name)
		}
		for dep, cond := range s.dependsOn(t) {
			if c.Services[dep] == nil {
				t.Errorf("%s depends on %s, which is no service", name, dep)
			}
			if !slices.Contains([]string{"service_started", "service_healthy", "service_completed_successfully"}, cond) {
				t.Errorf("%s: unknown condition %q", name, cond)
			}
			if cond == "service_healthy" && c.Services[dep].Healthcheck == nil {
				t.Errorf("%s waits for %s to be healthy, which has no healthcheck", name, dep)
			}
		}
		for _, v := range s.Volumes {
			src, _, ok := strings.Cut(v, ":")
			if !ok {
				t.Errorf("%s: volume %q has no target", name, v)
				continue
			}
			if strings.HasPrefix(src, ".") || strings.HasPrefix(src, "/") {
				continue // a bind mount
			}
			if _, ok := c.Volumes[src]; !ok {
				t.Errorf("%s: volume %s is not declared", name, src)
			}
		}
		for k := range s.Environment {
			if strings.HasPrefix(k, "EMEND_") && !slices.Contains(knownEnv, k) {
				t.Errorf("%s: emend reads no %s", name, k)
			}
		}
	}

	db := c.Services["db"]
	if !strings.HasPrefix(db.Image, "postgres:") {
		t.Errorf("db image %q", db.Image)
	}
	for _, name := range []string{"emend1", "emend2"} {
		s := c.Services[name]
		if len(s.Command) == 0 || s.Command[0] != "serve" {
			t.Errorf("%s: command %v, want serve", name, s.Command)
		}
		u, err := url.Parse(s.Environment["EMEND_DATABASE_URL"])
		if err != nil || u.Scheme != "postgres" {
			t.Fatalf("%s: EMEND_DATABASE_URL %q", name, s.Environment["EMEND_DATABASE_URL"])
		}
		pw, _ := u.User.Password()
		if u.Hostname() != "db" || u.Port() != "5432" || u.User.Username() != db.Environment["POSTGRES_USER"] ||
			pw != db.Environment["POSTGRES_PASSWORD"] || strings.TrimPrefix(u.Path, "/") != db.Environment["POSTGRES_DB"] {
			t.Errorf("%s: the database URL %s does not match the db service's user, password and database", name, u.Redacted())
		}
		set, err := config.ResolveServe(nil, func(k string) string { return s.Environment[k] }, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if host, _, _ := net.SplitHostPort(set.Addr); host != "0.0.0.0" && host != "" {
			t.Errorf("%s listens on %s: the proxy cannot reach it", name, set.Addr)
		}
		if _, err := server.ParseProxies(set.TrustProxy); err != nil || len(set.TrustProxy) == 0 {
			t.Errorf("%s trusts no proxy (%v): every browser would count as the proxy", name, err)
		}
		if set.LogFormat != config.LogJSON {
			t.Errorf("%s logs as %s, want json for the collector", name, set.LogFormat)
		}
		if !slices.Contains(set.AllowHosts, "localhost") && !slices.Contains(set.AllowHosts, server.AnyHost) {
			t.Errorf("%s: allow hosts %v", name, set.AllowHosts)
		}
		d, err := time.ParseDuration(s.StopGrace)
		if err != nil || d < minGrace {
			t.Errorf("%s: stop_grace_period %q, want at least %v so that a decision being applied finishes", name, s.StopGrace, minGrace)
		}
		if s.dependsOn(t)["db"] != "service_healthy" || s.dependsOn(t)["index"] != "service_completed_successfully" {
			t.Errorf("%s does not wait for the database and the index", name)
		}
		if !slices.Contains(s.Volumes, "./library:/library") {
			t.Errorf("%s does not mount the library at /library: %v", name, s.Volumes)
		}
	}
	if c.Services["index"].Command[0] != "index" || !slices.Contains(c.Services["index"].Volumes, "./library:/library") {
		t.Errorf("index service: %+v", c.Services["index"])
	}

	// The proxy: Caddy with the repository's Caddyfile, which names both
	// servers on their port and probes /readyz.
	p := c.Services["proxy"]
	if !strings.HasPrefix(p.Image, "caddy:") || len(p.Ports) == 0 {
		t.Fatalf("proxy: %+v", p)
	}
	var caddyfile string
	for _, v := range p.Volumes {
		if src, dst, _ := strings.Cut(v, ":"); strings.HasPrefix(dst, "/etc/caddy/Caddyfile") {
			caddyfile = src
		}
	}
	b, err := os.ReadFile(filepath.Join(root, caddyfile))
	if caddyfile == "" || err != nil {
		t.Fatalf("the proxy's Caddyfile %q: %v", caddyfile, err)
	}
	_, port, _ := net.SplitHostPort(c.Services["emend1"].Environment[config.EnvAddr])
	checkCaddyfile(t, string(b), []string{"emend1:" + port, "emend2:" + port})
}

// checkCaddyfile checks the braces of a Caddyfile and that its
// reverse_proxy names the upstreams and probes /readyz.
func checkCaddyfile(t *testing.T, text string, upstreams []string) {
	t.Helper()
	depth := 0
	var proxy []string
	for n, line := range strings.Split(text, "\n") {
		line, _, _ = strings.Cut(line, "#")
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if f[0] == "reverse_proxy" {
			proxy = f[1:]
		}
		if f[0] == "health_uri" && (len(f) != 2 || f[1] != server.ReadyPath) {
			t.Errorf("Caddyfile:%d: health_uri %v, want %s", n+1, f[1:], server.ReadyPath)
		}
		depth += strings.Count(line, "{") - strings.Count(line, "}")
		if depth < 0 {
			t.Fatalf("Caddyfile:%d: unbalanced }", n+1)
		}
	}
	if depth != 0 {
		t.Errorf("Caddyfile: %d unclosed {", depth)
	}
	if !strings.Contains(text, "health_uri "+server.ReadyPath) {
		t.Error("Caddyfile: no health_uri /readyz: a draining server would get requests")
	}
	for _, u := range upstreams {
		if !slices.Contains(proxy, u) {
			t.Errorf("Caddyfile: reverse_proxy %v lacks %s", proxy, u)
		}
	}
}

// TestDockerfile checks the Dockerfile: two stages, a static binary, the
// Go of go.mod, the port of EMEND_ADDR, the probe of /healthz.
func TestDockerfile(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(root, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(b), "\\\n", " ")
	var froms []string
	for _, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if strings.HasPrefix(l, "FROM ") {
			froms = append(froms, l)
		}
	}
	if len(froms) != 2 || !strings.HasSuffix(froms[0], " AS build") {
		t.Fatalf("stages: %v, want a build stage and a runtime stage", froms)
	}
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	goVer := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindSubmatch(mod)
	modPath := regexp.MustCompile(`(?m)^module (\S+)`).FindSubmatch(mod)
	if goVer == nil || modPath == nil {
		t.Fatal("go.mod: no go or module line")
	}
	if !strings.HasPrefix(froms[0], "FROM golang:"+string(goVer[1])) {
		t.Errorf("build stage %q: want the Go of go.mod, %s", froms[0], goVer[1])
	}
	for _, want := range []string{
		"CGO_ENABLED=0",
		"-X " + string(modPath[1]) + "/internal/cli.Version=",
		"COPY --from=build /out/emend /usr/local/bin/emend",
		`ENTRYPOINT ["emend"]`,
		"http://127.0.0.1:8080" + server.HealthPath,
		"EXPOSE 8080",
		"USER emend",
		"STOPSIGNAL SIGTERM",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the Dockerfile has no %q", want)
		}
	}
	if !strings.Contains(text, config.EnvAddr+"=0.0.0.0:8080") {
		t.Errorf("the Dockerfile does not listen on 0.0.0.0:8080 by %s", config.EnvAddr)
	}
	// The build stage's output path is the one copied.
	if !strings.Contains(text, "-o /out/emend ./cmd/emend") {
		t.Error("the build stage does not build ./cmd/emend to /out/emend")
	}
	if _, err := os.Stat(filepath.Join(root, ".dockerignore")); err != nil {
		t.Errorf("no .dockerignore: the build context would hold .git and the library: %v", err)
	}
}
