/* calendar.h — dates, weekdays, opening rules, closures and seasons, and the bank
 * holidays of England and Wales.
 *
 * Dates are whole days counted from 1970-01-01 in the proleptic Gregorian calendar
 * (a `long`, negative before 1970): arithmetic on them is plain integer arithmetic,
 * independent of locale and time zone. Weekdays are 0 = Monday .. 6 = Sunday.
 *
 * Which hours a queue is open on a given date (cc_calendar_day_span), in order of
 * precedence: a date in `closed_dates`, or a bank holiday when `bank_holidays` is set,
 * is closed all day; else a date inside a season follows the season's hours (and,
 * for a priority_only season, is closed for queues of priority <= 0); else the
 * queue's own hours when it has them; else the calendar's hours. One opening span
 * per day, in whole minutes from midnight.
 *
 * The bank-holiday table covers 2020-2030 inclusive (CC_BANK_HOLIDAYS_FIRST_YEAR ..
 * LAST_YEAR); outside it the functions below answer "no table" rather than guess.
 *
 * Ownership: a cc_calendar owns its hours, closed_dates and seasons (and each
 * season's name and hours); cc_calendar_fini frees them.
 */
#ifndef CC_CALENDAR_H
#define CC_CALENDAR_H

#include <stddef.h>

typedef struct cc_hours {
    unsigned days_mask;     /* bit d set: open on weekday d, 0 = Monday .. 6 = Sunday */
    int open_min;           /* minutes from midnight */
    int close_min;
} cc_hours;

/* A date range with its own opening hours (Christmas cover, a summer timetable). */
typedef struct cc_season {
    char *name;
    long from, to;          /* days from 1970-01-01, inclusive both ends */
    cc_hours *hours;        /* replace the calendar's and the queues' hours inside */
    size_t n_hours;
    int priority_only;      /* only queues with priority > 0 open inside */
} cc_season;

typedef enum cc_bank_holidays {
    CC_BANK_HOLIDAYS_NONE = 0,
    CC_BANK_HOLIDAYS_ENGLAND_AND_WALES
} cc_bank_holidays;

typedef struct cc_calendar {
    int year, month, day;   /* first day */
    int first_weekday;      /* 0 = Monday .. 6 = Sunday */
    unsigned days;
    unsigned interval_min;
    cc_hours *hours;        /* regular weekly opening hours */
    size_t n_hours;
    long first_date;        /* the first day, days from 1970-01-01 */
    long *closed_dates;     /* whole days closed, days from 1970-01-01, ascending */
    size_t n_closed_dates;
    cc_bank_holidays bank_holidays;     /* closed on these bank holidays */
    cc_season *seasons;     /* in file order, not overlapping */
    size_t n_seasons;
} cc_calendar;

#define CC_BANK_HOLIDAYS_FIRST_YEAR 2020
#define CC_BANK_HOLIDAYS_LAST_YEAR 2030
/* No year has more bank holidays than this (2022 has 10). */
#define CC_BANK_HOLIDAYS_MAX_PER_YEAR 12

/* Days from 1970-01-01 of a civil date (any y, m 1..12, d 1..31). */
long cc_date_days(int year, int month, int day);
/* The civil date of a day count; inverse of cc_date_days. */
void cc_date_civil(long days, int *year, int *month, int *day);
/* 0 = Monday .. 6 = Sunday. */
int cc_date_weekday(long days);
/* Strict "YYYY-MM-DD", years 0001..9999, a day that exists. Returns 0 and *days,
 * or -1 (and *days untouched). */
int cc_date_parse(const char *s, long *days);
/* Writes "YYYY-MM-DD" (11 bytes with the NUL) into buf. */
void cc_date_format(long days, char buf[static 11]);
/* Strict "HH:MM" from 00:00 to 23:59, or "24:00" when allow_24, into minutes from
 * midnight; 0, or -1 when malformed. */
int cc_time_parse(const char *s, int allow_24, int *minutes);
/* Strict "YYYY-MM-DD HH:MM" or "YYYY-MM-DD HH:MM:SS" (one space; 00:00:00 to
 * 23:59:59) into the date (*days, from 1970-01-01) and seconds from its midnight;
 * 0, or -1 when malformed (outputs untouched). */
int cc_datetime_parse(const char *s, long *days, int *seconds);

/* Easter Sunday of a Gregorian year (the anonymous Gregorian computus of
 * Meeus, Jones and Butcher), as days from 1970-01-01. */
long cc_easter_sunday(int year);

/* The bank holidays of England and Wales in `year`, ascending, into out (room for
 * CC_BANK_HOLIDAYS_MAX_PER_YEAR). Returns their count, or 0 for a year outside
 * the table. */
size_t cc_bank_holidays_england_wales(int year, long *out);
/* 1 when the date is a bank holiday of England and Wales (0 outside the table). */
int cc_is_bank_holiday_england_wales(long days);

/* The opening span of `date` for a queue with its own weekly hours (own, n_own; none:
 * n_own = 0) and priority, after closures and seasons as described above. Returns 1
 * and [*open_min, *close_min) when open, 0 when closed all day. */
int cc_calendar_day_span(const cc_calendar *cal, const cc_hours *own, size_t n_own, int priority,
                         long date, int *open_min, int *close_min);

/* Frees what the calendar owns (not the calendar itself). */
void cc_calendar_fini(cc_calendar *cal);

#endif
