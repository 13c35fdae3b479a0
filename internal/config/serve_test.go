package config

import (
	"reflect"
	"strings"
	"testing"
)

func TestResolveServe(t *testing.T) {
	file, err := Parse("lib/emend.toml", []byte("addr = \"0.0.0.0:9000\"\nlog_format = \"text\"\nprivate = true\nallow_hosts = [\"file.example\"]\ntrust_proxy = \"10.0.0.0/8\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	allEnv := map[string]string{EnvTrustProxy: "127.0.0.1,::1", EnvAddr: ":7000", EnvLogFormat: "json", EnvPrivate: "false", EnvAllowHosts: " env.example, , other.example "}
	for _, tc := range []struct {
		name  string
		given map[string][]string
		env   map[string]string
		cfg   *Config
		want  Serve
	}{
		{"defaults", nil, nil, nil, Serve{Addr: DefaultAddr, LogFormat: LogAuto,
			From: map[string]Source{"addr": FromDefault, "log-format": FromDefault, "private": FromDefault, "allow-host": FromDefault, "trust-proxy": FromDefault}}},
		{"file", nil, nil, file, Serve{Addr: "0.0.0.0:9000", LogFormat: LogText, Private: true, AllowHosts: []string{"file.example"}, TrustProxy: []string{"10.0.0.0/8"},
			From: map[string]Source{"addr": FromFile, "log-format": FromFile, "private": FromFile, "allow-host": FromFile, "trust-proxy": FromFile}}},
		{"environment over file", nil, allEnv, file, Serve{Addr: ":7000", LogFormat: LogJSON, Private: false, AllowHosts: []string{"env.example", "other.example"}, TrustProxy: []string{"127.0.0.1", "::1"},
			From: map[string]Source{"addr": FromEnv, "log-format": FromEnv, "private": FromEnv, "allow-host": FromEnv, "trust-proxy": FromEnv}}},
		{"flags over environment", map[string][]string{"addr": {"127.0.0.1:1"}, "log-format": {"text"}, "private": {"true"}, "allow-host": {"a.example", "b.example"}, "trust-proxy": {"192.168.0.0/16"}}, allEnv, file,
			Serve{Addr: "127.0.0.1:1", LogFormat: LogText, Private: true, AllowHosts: []string{"a.example", "b.example"}, TrustProxy: []string{"192.168.0.0/16"},
				From: map[string]Source{"addr": FromFlag, "log-format": FromFlag, "private": FromFlag, "allow-host": FromFlag, "trust-proxy": FromFlag}}},
		{"one of each", map[string][]string{"addr": {":1"}}, map[string]string{EnvLogFormat: "json"}, file,
			Serve{Addr: ":1", LogFormat: LogJSON, Private: true, AllowHosts: []string{"file.example"}, TrustProxy: []string{"10.0.0.0/8"},
				From: map[string]Source{"addr": FromFlag, "log-format": FromEnv, "private": FromFile, "allow-host": FromFile, "trust-proxy": FromFile}}},
		{"an empty variable is unset", nil, map[string]string{EnvAddr: "", EnvAllowHosts: " , "}, file,
			Serve{Addr: "0.0.0.0:9000", LogFormat: LogText, Private: true, AllowHosts: []string{"file.example"}, TrustProxy: []string{"10.0.0.0/8"},
				From: map[string]Source{"addr": FromFile, "log-format": FromFile, "private": FromFile, "allow-host": FromFile, "trust-proxy": FromFile}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ResolveServe(tc.given, func(k string) string { return tc.env[k] }, tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", *got, tc.want)
			}
		})
	}
}

func TestResolveServeErrors(t *testing.T) {
	for _, tc := range []struct {
		given map[string][]string
		env   map[string]string
		want  string
	}{
		{nil, map[string]string{EnvAddr: "8080"}, `EMEND_ADDR: want HOST:PORT`},
		{nil, map[string]string{EnvAddr: "host:http"}, `EMEND_ADDR: port "http"`},
		{nil, map[string]string{EnvLogFormat: "JSON"}, `EMEND_LOG_FORMAT: want one of auto, json, text, not "JSON"`},
		{nil, map[string]string{EnvPrivate: "yes"}, `EMEND_PRIVATE: want true or false, not "yes"`},
		{map[string][]string{"log-format": {"xml"}}, nil, `--log-format: want one of`},
		{map[string][]string{"addr": {"[::1]:99999"}}, nil, `--addr: port "99999"`},
		{nil, map[string]string{EnvTrustProxy: "10.0.0.0/33"}, `EMEND_TRUST_PROXY: trusted proxy "10.0.0.0/33"`},
		{map[string][]string{"trust-proxy": {"proxy.local"}}, nil, `--trust-proxy: trusted proxy "proxy.local"`},
	} {
		_, err := ResolveServe(tc.given, func(k string) string { return tc.env[k] }, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v %v: error %v, want %q", tc.given, tc.env, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{`addr = 8080`, "x.toml:1: addr: expected a quoted string, got an integer"},
		{`addr = "localhost"`, "x.toml:1: want HOST:PORT"},
		{"\nlog_format = \"yaml\"", `x.toml:2: want one of auto, json, text, not "yaml"`},
		{`private = "yes"`, "x.toml:1: private: expected true or false, got a string"},
	} {
		_, err := Parse("x.toml", []byte(tc.in))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.in, err, tc.want)
		}
	}
}
