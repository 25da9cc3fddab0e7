// Package calendardb keeps the working-day calendar in the database: the years an administrator loaded (each
// replaces the national arrangement govflow ships for that year) and the office's hours. It turns them into
// the *calendar.Calendar every deadline is computed with.
//
// Getting the calendar is cheap enough for every request: a Source caches it and asks the database whether
// it changed at most once every CheckEvery (2 s) with one single-row query (calendar_state.version, which
// every change increments in its transaction). A change made through this package in this process takes
// effect at once; one made by another server sharing the database, or by `govflow calendar load`, within
// CheckEvery.
//
//	cal, err := calendardb.Current(ctx, db) // the shared Source of db
//	d := cal.Due(start, limit, calendar.FromNextDay)
//
// Every change (Service.Load, Service.Remove, Service.SetHours) is one transaction with its audit record;
// a file with errors changes nothing.
package calendardb
