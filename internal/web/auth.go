package web

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/emend-project/emend/internal/auth"
	"github.com/emend-project/emend/internal/store"
)

// Cookie names.
const (
	sessionCookie = "emend_session"
	// loginCookie holds the CSRF token of the sign-in form, before there
	// is a session (a double-submit token).
	loginCookie = "emend_login"
	// maxFormBytes bounds a posted form.
	maxFormBytes = 64 << 10
)

type ctxKey int

const sessionKey ctxKey = 0

// session returns the request's session, if signed in.
func (rv *Review) session(r *http.Request) (store.Session, bool) {
	if se, ok := r.Context().Value(sessionKey).(store.Session); ok {
		return se, true
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return store.Session{}, false
	}
	se, err := rv.Sessions.Lookup(r.Context(), c.Value)
	if err != nil {
		return store.Session{}, false
	}
	return se, true
}

// secureRequest says whether the request came over TLS (here, or at a
// proxy that says so), for the cookies' Secure flag.
func secureRequest(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

func (rv *Review) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge time.Duration) {
	c := &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: secureRequest(r)}
	if maxAge > 0 {
		c.MaxAge = int(maxAge / time.Second)
	} else {
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
}

// client names the client for the limit on failed sign-ins: its address,
// not a header it could forge.
func client(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// requireUser runs h for a signed-in user, with the session in the
// context; others are sent to the sign-in page, and come back after.
func (rv *Review) requireUser(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		se, ok := rv.session(r)
		if !ok {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, "/login?"+url.Values{"next": {r.URL.RequestURI()}}.Encode(), http.StatusSeeOther)
				return
			}
			rv.pages.render(w, http.StatusForbidden, "message.html", message{Title: "Sign in first", Text: "Your session has ended: sign in again, then make the decision again.", Link: "/login"})
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), sessionKey, se)))
	}
}

// checkForm parses a posted form and checks its CSRF token against the
// session's (or, for the sign-in form, the sign-in cookie's), and the
// Origin header when there is one: 403 when they do not match.
func (rv *Review) checkForm(w http.ResponseWriter, r *http.Request, want string) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form: "+err.Error(), http.StatusBadRequest)
		return false
	}
	if o := r.Header.Get("Origin"); o != "" && o != "null" {
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host {
			rv.forbidden(w, "The form was sent from another site.")
			return false
		}
	}
	if !auth.SameToken(r.PostForm.Get("csrf"), want) {
		rv.forbidden(w, "The form has no valid CSRF token: reload the page and try again.")
		return false
	}
	return true
}

func (rv *Review) forbidden(w http.ResponseWriter, text string) {
	rv.pages.render(w, http.StatusForbidden, "message.html", message{Title: "Forbidden", Text: text, Link: "/review"})
}

// message is the data of a page that says one thing.
type message struct {
	Title, Text, Link string
}

// LoginView is the data of the sign-in page.
type LoginView struct {
	CSRF, Next, Name, Error string
}

// safeNext keeps a redirect after sign-in on this site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/review"
	}
	return next
}

func (rv *Review) loginPage(w http.ResponseWriter, r *http.Request) {
	tok, err := auth.NewToken()
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	rv.setCookie(w, r, loginCookie, tok, time.Hour)
	rv.pages.render(w, http.StatusOK, "login.html", LoginView{CSRF: tok, Next: safeNext(r.URL.Query().Get("next"))})
}

func (rv *Review) login(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie(loginCookie)
	want := ""
	if err == nil {
		want = c.Value
	}
	if !rv.checkForm(w, r, want) {
		return
	}
	name, pw, next := strings.TrimSpace(r.PostForm.Get("name")), r.PostForm.Get("password"), safeNext(r.PostForm.Get("next"))
	tok, _, err := rv.Sessions.Login(r.Context(), name, pw, client(r))
	if err != nil {
		status, msg := http.StatusUnauthorized, "Wrong name or password."
		if errors.Is(err, auth.ErrLimited) {
			status, msg = http.StatusTooManyRequests, "Too many failed attempts: wait a minute and try again."
		} else if !errors.Is(err, auth.ErrBadLogin) {
			status, msg = http.StatusInternalServerError, "Signing in failed: "+err.Error()
		}
		rv.pages.render(w, status, "login.html", LoginView{CSRF: want, Next: next, Name: name, Error: msg})
		return
	}
	rv.setCookie(w, r, sessionCookie, tok, rv.Sessions.TTL)
	rv.setCookie(w, r, loginCookie, "", 0)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (rv *Review) logout(w http.ResponseWriter, r *http.Request) {
	se := r.Context().Value(sessionKey).(store.Session)
	if !rv.checkForm(w, r, se.CSRF) {
		return
	}
	if c, err := r.Cookie(sessionCookie); err == nil {
		rv.Sessions.Logout(r.Context(), c.Value)
	}
	rv.setCookie(w, r, sessionCookie, "", 0)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// Guard makes every page but sign-in and the static files require a
// signed-in user, when reading is not public.
func (rv *Review) Guard(h http.Handler) http.Handler {
	if rv == nil || rv.Public {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/login" || strings.HasPrefix(r.URL.Path, "/static/") {
			h.ServeHTTP(w, r)
			return
		}
		if _, ok := rv.session(r); !ok {
			if strings.HasPrefix(r.URL.Path, "/api/") {
				w.Header().Set("Content-Type", "application/json; charset=utf-8")
				w.WriteHeader(http.StatusUnauthorized)
				w.Write([]byte(`{"error":"sign in first: reading is not public on this server"}` + "\n"))
				return
			}
			rv.requireUser(func(http.ResponseWriter, *http.Request) {})(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}
