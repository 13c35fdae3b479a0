package config

import (
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// The environment variables of emend serve's settings. A flag wins over
// the environment, which wins over emend.toml.
const (
	EnvAddr       = "EMEND_ADDR"
	EnvAllowHosts = "EMEND_ALLOW_HOSTS" // names separated by commas
	EnvLogFormat  = "EMEND_LOG_FORMAT"
	EnvPrivate    = "EMEND_PRIVATE"
	EnvTrustProxy = "EMEND_TRUST_PROXY" // addresses or networks separated by commas
	// EnvConfig and EnvIndex stand for --config and --index (there is no
	// key for them in the file they name or sit beside).
	EnvConfig = "EMEND_CONFIG"
	EnvIndex  = "EMEND_INDEX"
)

// The log formats of emend serve: auto is JSON unless standard error is
// a terminal.
const (
	LogAuto = "auto"
	LogJSON = "json"
	LogText = "text"
)

// LogFormats are the values --log-format, EMEND_LOG_FORMAT and log_format
// take.
var LogFormats = []string{LogAuto, LogJSON, LogText}

// DefaultAddr is where emend serve listens when nothing says otherwise.
const DefaultAddr = "127.0.0.1:8080"

// Source says where a setting came from.
type Source string

// The sources of a setting, from the weakest.
const (
	FromDefault Source = "default"
	FromFile    Source = "emend.toml"
	FromEnv     Source = "environment"
	FromFlag    Source = "flag"
)

// Serve is emend serve's settings, resolved.
type Serve struct {
	Addr       string
	AllowHosts []string
	LogFormat  string
	Private    bool
	// TrustProxy are the proxies whose X-Forwarded-For names the client.
	TrustProxy []string
	// From says where each came from, by its flag's name.
	From map[string]Source
}

// ResolveServe layers emend serve's settings: given holds the flags set
// on the command line, by name ("addr", "allow-host", "log-format",
// "private"), with every value of a repeated one; getenv reads the
// environment; cfg is the library's file, or nil. For each setting the
// flag wins over the environment, which wins over the file; a list
// (allow-host) is taken whole from the strongest source that sets it.
func ResolveServe(given map[string][]string, getenv func(string) string, cfg *Config) (*Serve, error) {
	s := &Serve{Addr: DefaultAddr, LogFormat: LogAuto, From: map[string]Source{}}
	if cfg == nil {
		cfg = &Config{}
	}
	layer := func(name, env, file string, set func(string) error) error {
		src, v := FromDefault, ""
		if file != "" {
			src, v = FromFile, file
		}
		if e := getenv(env); e != "" {
			src, v = FromEnv, e
		}
		if vs, ok := given[name]; ok && len(vs) > 0 {
			src, v = FromFlag, vs[len(vs)-1]
		}
		s.From[name] = src
		if src == FromDefault {
			return nil
		}
		if err := set(v); err != nil {
			return fmt.Errorf("%s: %w", where(src, name, env), err)
		}
		return nil
	}
	filePrivate := ""
	if cfg.Private != nil {
		filePrivate = strconv.FormatBool(*cfg.Private)
	}
	for _, l := range []struct {
		name, env, file string
		set             func(string) error
	}{
		{"addr", EnvAddr, cfg.Addr, func(v string) error {
			if err := checkServe("addr", v); err != nil {
				return err
			}
			s.Addr = v
			return nil
		}},
		{"log-format", EnvLogFormat, cfg.LogFormat, func(v string) error {
			if err := checkServe("log_format", v); err != nil {
				return err
			}
			s.LogFormat = v
			return nil
		}},
		{"private", EnvPrivate, filePrivate, func(v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("want true or false, not %q", v)
			}
			s.Private = b
			return nil
		}},
	} {
		if err := layer(l.name, l.env, l.file, l.set); err != nil {
			return nil, err
		}
	}
	s.AllowHosts = layerList(s.From, "allow-host", given, getenv(EnvAllowHosts), cfg.AllowHosts)
	s.TrustProxy = layerList(s.From, "trust-proxy", given, getenv(EnvTrustProxy), cfg.TrustProxy)
	for _, p := range s.TrustProxy {
		if _, err := netip.ParsePrefix(p); err != nil {
			if _, err := netip.ParseAddr(p); err != nil {
				return nil, fmt.Errorf("%s: trusted proxy %q: want an address or a network (10.0.0.0/8)", where(s.From["trust-proxy"], "trust-proxy", EnvTrustProxy), p)
			}
		}
	}
	return s, nil
}

// layerList takes a list setting whole from the strongest source that
// sets it: the flag's values, else the environment's, split at commas,
// else the file's.
func layerList(from map[string]Source, name string, given map[string][]string, env string, file []string) []string {
	var fromEnv []string
	for _, h := range strings.Split(env, ",") {
		if h = strings.TrimSpace(h); h != "" {
			fromEnv = append(fromEnv, h)
		}
	}
	switch {
	case len(given[name]) > 0:
		from[name] = FromFlag
		return given[name]
	case len(fromEnv) > 0:
		from[name] = FromEnv
		return fromEnv
	case len(file) > 0:
		from[name] = FromFile
		return file
	}
	from[name] = FromDefault
	return nil
}

// where names a setting's source in a message.
func where(src Source, flag, env string) string {
	switch src {
	case FromEnv:
		return env
	case FromFlag:
		return "--" + flag
	}
	return string(src)
}

// checkServe checks the value of addr or log_format.
func checkServe(key, v string) error {
	switch key {
	case "addr":
		_, port, err := net.SplitHostPort(v)
		if err != nil {
			return fmt.Errorf("want HOST:PORT (127.0.0.1:8080, :8080 for every address), not %q", v)
		}
		if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
			return fmt.Errorf("port %q of %q is not a number from 0 to 65535", port, v)
		}
	case "log_format":
		if !slices.Contains(LogFormats, v) {
			return fmt.Errorf("want one of %s, not %q", strings.Join(LogFormats, ", "), v)
		}
	}
	return nil
}
