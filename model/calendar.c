#include "model/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cc_date_is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* H. Hinnant's days_from_civil: exact for every proleptic Gregorian date. */
long cc_date_days(int year, int month, int day)
{
    long y = year - (month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* H. Hinnant's civil_from_days. */
void cc_date_civil(long days, int *year, int *month, int *day)
{
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    *year = (int)(yoe + era * 400 + (m <= 2));
    *month = (int)m;
    *day = (int)d;
}

/* 1970-01-01 was a Thursday. */
int cc_date_weekday(long days)
{
    long wd = (days + 3) % 7;
    return (int)(wd < 0 ? wd + 7 : wd);
}

static int digits(const char *s, int n, int *out)
{
    int x = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        x = 10 * x + (s[i] - '0');
    }
    *out = x;
    return 0;
}

int cc_time_parse(const char *s, int allow_24, int *minutes)
{
    int h, m;
    if (strlen(s) != 5 || s[2] != ':' || digits(s, 2, &h) || digits(s + 3, 2, &m))
        return -1;
    if (m > 59 || h > 24 || (h == 24 && (!allow_24 || m != 0)))
        return -1;
    *minutes = 60 * h + m;
    return 0;
}

int cc_date_parse(const char *s, long *days)
{
    static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int y, m, d;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) || digits(s + 5, 2, &m)
        || digits(s + 8, 2, &d))
        return -1;
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && cc_date_is_leap(y)))
        return -1;
    *days = cc_date_days(y, m, d);
    return 0;
}

int cc_datetime_parse(const char *s, long *days, int *seconds)
{
    char date[11], hm[6];
    size_t n = strlen(s);
    int minutes, sec = 0;
    long d;
    if ((n != 16 && n != 19) || s[10] != ' ')
        return -1;
    memcpy(date, s, 10);
    date[10] = '\0';
    memcpy(hm, s + 11, 5);
    hm[5] = '\0';
    if (cc_date_parse(date, &d) || cc_time_parse(hm, 0, &minutes))
        return -1;
    if (n == 19 && (s[16] != ':' || digits(s + 17, 2, &sec) || sec > 59))
        return -1;
    *days = d;
    *seconds = 60 * minutes + sec;
    return 0;
}

void cc_date_format(long days, char buf[static 11])
{
    int y, m, d;
    cc_date_civil(days, &y, &m, &d);
    /* the moduli tell the compiler (and the reader) that the text fits */
    snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
}

long cc_easter_sunday(int year)
{
    int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
    int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
    return cc_date_days(year, month, day);
}

/* ---- bank holidays of England and Wales ------------------------------------------
 *
 * Source: the UK government's published list, https://www.gov.uk/bank-holidays
 * (machine-readable: https://www.gov.uk/bank-holidays.json, "england-and-wales"),
 * checked for 2020-2027; the rules behind it are the Banking and Financial Dealings
 * Act 1971, Schedule 1, and the usual royal proclamations (substitute days). The
 * regular holidays are computed from those rules below; the years' exceptions, made
 * by one-off proclamation, are the two tables after them. Years after the published
 * list (2028-2030) follow the rules and may still gain a proclamation: check gov.uk
 * when planning them, and add any new exception to the tables.
 *
 * Rules: New Year's Day, 1 January (a Saturday or Sunday moves to the Monday after);
 * Good Friday and Easter Monday (Easter by the computus); early May, the first
 * Monday of May; spring, the last Monday of May; summer, the last Monday of August;
 * Christmas Day and Boxing Day, 25 and 26 December, with substitute weekdays when
 * either falls on a weekend (Christmas on a Saturday: Monday 27 and Tuesday 28;
 * Christmas on a Sunday: Monday 26 and Tuesday 27; Boxing Day on a Saturday:
 * Monday 28). */

/* A regular holiday moved to another date in one year. */
static const struct { int y, m, d, to_m, to_d; } MOVED[] = {
    { 2020, 5, 4, 5, 8 },       /* early May moved to Friday 8 May: VE Day 75th anniversary */
    { 2022, 5, 30, 6, 2 },      /* spring moved to Thursday 2 June: Platinum Jubilee */
};

/* One-off extra holidays. */
static const struct { int y, m, d; } EXTRA[] = {
    { 2022, 6, 3 },             /* Platinum Jubilee of Queen Elizabeth II */
    { 2022, 9, 19 },            /* State funeral of Queen Elizabeth II */
    { 2023, 5, 8 },             /* Coronation of King Charles III */
};

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

size_t cc_bank_holidays_england_wales(int year, long *out)
{
    if (year < CC_BANK_HOLIDAYS_FIRST_YEAR || year > CC_BANK_HOLIDAYS_LAST_YEAR)
        return 0;
    size_t n = 0;
    long ny = cc_date_days(year, 1, 1);
    int wd = cc_date_weekday(ny);
    out[n++] = ny + (wd == 5 ? 2 : wd == 6 ? 1 : 0);
    long easter = cc_easter_sunday(year);
    out[n++] = easter - 2;
    out[n++] = easter + 1;
    long may1 = cc_date_days(year, 5, 1), may31 = cc_date_days(year, 5, 31);
    long aug31 = cc_date_days(year, 8, 31);
    out[n++] = may1 + (7 - cc_date_weekday(may1)) % 7;
    out[n++] = may31 - cc_date_weekday(may31);
    out[n++] = aug31 - cc_date_weekday(aug31);
    long xmas = cc_date_days(year, 12, 25);
    switch (cc_date_weekday(xmas)) {
    case 4:     /* Friday: Boxing Day on Saturday, substitute Monday 28 */
        out[n++] = xmas;
        out[n++] = xmas + 3;
        break;
    case 5:     /* Saturday: Monday 27 and Tuesday 28 */
        out[n++] = xmas + 2;
        out[n++] = xmas + 3;
        break;
    case 6:     /* Sunday: Boxing Day Monday 26, Christmas substitute Tuesday 27 */
        out[n++] = xmas + 1;
        out[n++] = xmas + 2;
        break;
    default:
        out[n++] = xmas;
        out[n++] = xmas + 1;
    }
    for (size_t k = 0; k < sizeof MOVED / sizeof MOVED[0]; k++) {
        if (MOVED[k].y != year)
            continue;
        long from = cc_date_days(year, MOVED[k].m, MOVED[k].d);
        for (size_t i = 0; i < n; i++)
            if (out[i] == from)
                out[i] = cc_date_days(year, MOVED[k].to_m, MOVED[k].to_d);
    }
    for (size_t k = 0; k < sizeof EXTRA / sizeof EXTRA[0]; k++)
        if (EXTRA[k].y == year && n < CC_BANK_HOLIDAYS_MAX_PER_YEAR)
            out[n++] = cc_date_days(year, EXTRA[k].m, EXTRA[k].d);
    qsort(out, n, sizeof *out, cmp_long);
    return n;
}

int cc_is_bank_holiday_england_wales(long days)
{
    long list[CC_BANK_HOLIDAYS_MAX_PER_YEAR];
    int y, m, d;
    cc_date_civil(days, &y, &m, &d);
    size_t n = cc_bank_holidays_england_wales(y, list);
    for (size_t i = 0; i < n; i++)
        if (list[i] == days)
            return 1;
    return 0;
}

/* ---- opening on a date ----------------------------------------------------------- */

static int span_of_rules(const cc_hours *rules, size_t n, int weekday, int *open_min,
                         int *close_min)
{
    for (size_t r = 0; r < n; r++)
        if (rules[r].days_mask & (1u << weekday)) {
            *open_min = rules[r].open_min;
            *close_min = rules[r].close_min;
            return 1;
        }
    return 0;
}

int cc_calendar_day_span(const cc_calendar *cal, const cc_hours *own, size_t n_own, int priority,
                         long date, int *open_min, int *close_min)
{
    if (cal->n_closed_dates
        && bsearch(&date, cal->closed_dates, cal->n_closed_dates, sizeof date, cmp_long))
        return 0;
    if (cal->bank_holidays == CC_BANK_HOLIDAYS_ENGLAND_AND_WALES
        && cc_is_bank_holiday_england_wales(date))
        return 0;
    int wd = cc_date_weekday(date);
    for (size_t k = 0; k < cal->n_seasons; k++) {
        const cc_season *se = &cal->seasons[k];
        if (date < se->from || date > se->to)
            continue;
        if (se->priority_only && priority <= 0)
            return 0;
        return span_of_rules(se->hours, se->n_hours, wd, open_min, close_min);
    }
    if (n_own)
        return span_of_rules(own, n_own, wd, open_min, close_min);
    return span_of_rules(cal->hours, cal->n_hours, wd, open_min, close_min);
}

void cc_calendar_fini(cc_calendar *cal)
{
    free(cal->hours);
    free(cal->closed_dates);
    for (size_t k = 0; k < cal->n_seasons; k++) {
        free(cal->seasons[k].name);
        free(cal->seasons[k].hours);
    }
    free(cal->seasons);
    cal->hours = NULL;
    cal->closed_dates = NULL;
    cal->seasons = NULL;
    cal->n_hours = cal->n_closed_dates = cal->n_seasons = 0;
}
