package bpmn

import (
	"regexp"
	"strconv"
	"strings"
)

var isoRe = regexp.MustCompile(`^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$`)

// limitFromISO turns an ISO 8601 duration (P3D, PT4H, P2W, P1M, P1DT12H) into a time limit in the
// calendar's grammar. Calendar days stay calendar days (N个自然日); minutes and seconds round up to hours.
func limitFromISO(s string) (string, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	m := isoRe.FindStringSubmatch(s)
	if m == nil || s == "P" || s == "PT" || strings.HasSuffix(s, "T") {
		return "", false
	}
	n := make([]int, 7)
	for i := range 6 {
		if m[i+1] != "" {
			v, err := strconv.Atoi(m[i+1])
			if err != nil || v > 100000 {
				return "", false
			}
			n[i] = v
		}
	}
	secs := 0.0
	if m[7] != "" {
		f, err := strconv.ParseFloat(m[7], 64)
		if err != nil || f > 1e7 {
			return "", false
		}
		secs = f
	}
	years, months, weeks, days, hours, minutes := n[0], n[1], n[2], n[3], n[4], n[5]
	timePart := hours > 0 || minutes > 0 || secs > 0
	switch {
	case years+months > 0 && weeks+days == 0 && !timePart:
		return strconv.Itoa(years*12+months) + "个月", true
	case weeks > 0 && years+months+days == 0 && !timePart:
		return strconv.Itoa(weeks) + "周", true
	case !timePart && years+months+weeks == 0 && days > 0:
		return strconv.Itoa(days) + "个自然日", true
	case years+months == 0:
		total := float64(((weeks*7+days)*24+hours)*60+minutes)*60 + secs
		if total == 0 {
			return "即办", true
		}
		h := int((total + 3599) / 3600)
		return strconv.Itoa(h) + "小时", true
	}
	return "", false
}
