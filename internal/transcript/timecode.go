package transcript

import (
	"strconv"
)

// parseClock parses a clock time: [h:]m:s with an optional fraction after
// '.' or ',' (1 to 3 digits, or more, of which the first three count). Hours
// and minutes may have any number of digits; seconds, when minutes are given,
// two. It returns NoTime and false when s is not a clock time.
func parseClock(s string) (Millis, bool) {
	var parts [3]int64
	n := 0
	i := 0
	for {
		j := i
		var v int64
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			if j-i > 9 {
				return NoTime, false
			}
			v = v*10 + int64(s[j]-'0')
			j++
		}
		if j == i {
			return NoTime, false
		}
		if n == 3 {
			return NoTime, false
		}
		if n > 0 && j-i != 2 {
			return NoTime, false
		}
		parts[n] = v
		n++
		i = j
		if i < len(s) && s[i] == ':' {
			i++
			continue
		}
		break
	}
	if n < 2 {
		return NoTime, false
	}
	var ms int64
	if i < len(s) && (s[i] == '.' || s[i] == ',') {
		i++
		k := 0
		scale := int64(100)
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if k < 3 {
				ms += int64(s[i]-'0') * scale
				scale /= 10
			}
			k++
			i++
		}
		if k == 0 {
			return NoTime, false
		}
	}
	if i != len(s) {
		return NoTime, false
	}
	var h, m, sec int64
	if n == 3 {
		h, m, sec = parts[0], parts[1], parts[2]
		if m > 59 {
			return NoTime, false
		}
	} else {
		m, sec = parts[0], parts[1]
	}
	if sec > 59 {
		return NoTime, false
	}
	return Millis(((h*60+m)*60+sec)*1000 + ms), true
}

// appendClock appends m as hh:mm:ss followed, when sep is not 0, by sep and
// three digits of milliseconds. Hours take two digits or more.
func appendClock(b []byte, m Millis, sep byte) []byte {
	if m < 0 {
		m = 0
	}
	ms := int64(m)
	h := ms / 3600000
	ms -= h * 3600000
	min := ms / 60000
	ms -= min * 60000
	s := ms / 1000
	ms -= s * 1000
	if h < 10 {
		b = append(b, '0')
	}
	b = strconv.AppendInt(b, h, 10)
	b = append(b, ':', byte('0'+min/10), byte('0'+min%10), ':', byte('0'+s/10), byte('0'+s%10))
	if sep != 0 {
		b = append(b, sep, byte('0'+ms/100), byte('0'+ms/10%10), byte('0'+ms%10))
	}
	return b
}

// appendShortClock appends m in seconds as m:ss, or h:mm:ss from the first
// hour on, the way web pages and caption panels show times.
func appendShortClock(b []byte, m Millis, padMinutes bool) []byte {
	if m < 0 {
		m = 0
	}
	sec := int64(m) / 1000
	h := sec / 3600
	min := sec / 60 % 60
	s := sec % 60
	if h > 0 {
		b = strconv.AppendInt(b, h, 10)
		b = append(b, ':', byte('0'+min/10), byte('0'+min%10))
	} else {
		if padMinutes && min < 10 {
			b = append(b, '0')
		}
		b = strconv.AppendInt(b, min, 10)
	}
	return append(b, ':', byte('0'+s/10), byte('0'+s%10))
}

// FormatClock formats m as hh:mm:ss.ttt, or "--" when it is unknown.
func FormatClock(m Millis) string {
	if !m.Known() {
		return "--"
	}
	return string(appendClock(nil, m, '.'))
}
