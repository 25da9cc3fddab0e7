package calendar

import "time"

// Beijing is China Standard Time (UTC+8). China keeps no daylight saving time, so a fixed zone is exact and
// needs no time-zone database on the machine.
var Beijing = time.FixedZone("CST", 8*60*60)
