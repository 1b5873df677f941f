/* test_calendar.c — dates, weekdays, Easter, the bank holidays of England and Wales
 * (against the UK government's published list), and the precedence of closures,
 * seasons and hours. */
#include "model/calendar.h"

#include <criterion/criterion.h>
#include <string.h>

static long D(int y, int m, int d)
{
    return cc_date_days(y, m, d);
}

Test(calendar, weekdays_of_known_dates)
{
    static const struct { int y, m, d, wd; } cases[] = {
        { 1970, 1, 1, 3 }, { 1969, 12, 31, 2 }, { 2000, 3, 1, 2 }, { 2024, 2, 29, 3 },
        { 2026, 1, 5, 0 }, { 2026, 1, 6, 1 }, { 2026, 12, 25, 4 }, { 2026, 12, 31, 3 },
        { 2027, 1, 1, 4 }, { 2022, 6, 3, 4 }, { 1, 1, 1, 0 }, { 9999, 12, 31, 4 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_assert_eq(cc_date_weekday(D(cases[i].y, cases[i].m, cases[i].d)), cases[i].wd,
                     "%04d-%02d-%02d", cases[i].y, cases[i].m, cases[i].d);
}

Test(calendar, civil_round_trip_and_parse)
{
    for (long days = D(1899, 12, 25); days < D(2101, 1, 10); days += 17) {
        int y, m, d;
        cc_date_civil(days, &y, &m, &d);
        cr_assert_eq(cc_date_days(y, m, d), days);
    }
    cr_assert_eq(D(1970, 1, 1), 0);
    cr_assert_eq(D(2000, 3, 1) - D(2000, 2, 28), 2);        /* 2000 is a leap year */
    cr_assert_eq(D(1900, 3, 1) - D(1900, 2, 28), 1);        /* 1900 is not */
    long x = 42;
    cr_assert_eq(cc_date_parse("2026-04-06", &x), 0);
    cr_assert_eq(x, D(2026, 4, 6));
    char buf[11];
    cc_date_format(x, buf);
    cr_assert_str_eq(buf, "2026-04-06");
    static const char *const bad[] = { "2026-02-29", "2026-4-6", "2026-04-31", "0000-01-01",
                                       "2026-13-01", "2026/04/06", "", "2026-04-06 " };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        x = 42;
        cr_assert_eq(cc_date_parse(bad[i], &x), -1, "%s", bad[i]);
        cr_assert_eq(x, 42);
    }
    cr_assert_eq(cc_date_parse("2024-02-29", &x), 0);
}

Test(calendar, easter_sunday)
{
    static const int easter[][3] = {
        { 2020, 4, 12 }, { 2021, 4, 4 }, { 2022, 4, 17 }, { 2023, 4, 9 }, { 2024, 3, 31 },
        { 2025, 4, 20 }, { 2026, 4, 5 }, { 2027, 3, 28 }, { 2028, 4, 16 }, { 2029, 4, 1 },
        { 2030, 4, 21 }, { 2019, 4, 21 }, { 2000, 4, 23 }, { 1818, 3, 22 }, { 2038, 4, 25 },
    };
    for (size_t i = 0; i < sizeof easter / sizeof easter[0]; i++) {
        long e = cc_easter_sunday(easter[i][0]);
        cr_assert_eq(e, D(easter[i][0], easter[i][1], easter[i][2]), "%d", easter[i][0]);
        cr_assert_eq(cc_date_weekday(e), 6);
    }
}

/* https://www.gov.uk/bank-holidays, England and Wales, 2020-2027. */
static const int GOV_UK[][12][2] = {
    [0] = { { 1, 1 }, { 4, 10 }, { 4, 13 }, { 5, 8 }, { 5, 25 }, { 8, 31 }, { 12, 25 }, { 12, 28 } },
    [1] = { { 1, 1 }, { 4, 2 }, { 4, 5 }, { 5, 3 }, { 5, 31 }, { 8, 30 }, { 12, 27 }, { 12, 28 } },
    [2] = { { 1, 3 }, { 4, 15 }, { 4, 18 }, { 5, 2 }, { 6, 2 }, { 6, 3 }, { 8, 29 }, { 9, 19 },
            { 12, 26 }, { 12, 27 } },
    [3] = { { 1, 2 }, { 4, 7 }, { 4, 10 }, { 5, 1 }, { 5, 8 }, { 5, 29 }, { 8, 28 }, { 12, 25 },
            { 12, 26 } },
    [4] = { { 1, 1 }, { 3, 29 }, { 4, 1 }, { 5, 6 }, { 5, 27 }, { 8, 26 }, { 12, 25 }, { 12, 26 } },
    [5] = { { 1, 1 }, { 4, 18 }, { 4, 21 }, { 5, 5 }, { 5, 26 }, { 8, 25 }, { 12, 25 }, { 12, 26 } },
    [6] = { { 1, 1 }, { 4, 3 }, { 4, 6 }, { 5, 4 }, { 5, 25 }, { 8, 31 }, { 12, 25 }, { 12, 28 } },
    [7] = { { 1, 1 }, { 3, 26 }, { 3, 29 }, { 5, 3 }, { 5, 31 }, { 8, 30 }, { 12, 27 }, { 12, 28 } },
};

Test(calendar, bank_holidays_match_the_published_list)
{
    for (int y = 2020; y <= 2027; y++) {
        long got[CC_BANK_HOLIDAYS_MAX_PER_YEAR];
        size_t n = cc_bank_holidays_england_wales(y, got), want = 0;
        while (want < 12 && GOV_UK[y - 2020][want][0])
            want++;
        cr_assert_eq(n, want, "%d: %zu holidays, expected %zu", y, n, want);
        for (size_t k = 0; k < n; k++) {
            long w = D(y, GOV_UK[y - 2020][k][0], GOV_UK[y - 2020][k][1]);
            char a[11], b[11];
            cc_date_format(got[k], a);
            cc_date_format(w, b);
            cr_assert_eq(got[k], w, "%d: holiday %zu is %s, expected %s", y, k, a, b);
            cr_assert(cc_is_bank_holiday_england_wales(w));
            cr_assert_lt(cc_date_weekday(w), 5, "%s is a weekend day", b);
        }
    }
}

Test(calendar, bank_holidays_2026_in_words)
{
    long got[CC_BANK_HOLIDAYS_MAX_PER_YEAR];
    cr_assert_eq(cc_bank_holidays_england_wales(2026, got), 8);
    cr_assert_eq(got[0], D(2026, 1, 1));
    cr_assert_eq(got[1], D(2026, 4, 3));        /* Good Friday */
    cr_assert_eq(got[2], D(2026, 4, 6));        /* Easter Monday */
    cr_assert_eq(got[3], D(2026, 5, 4));        /* early May */
    cr_assert_eq(got[4], D(2026, 5, 25));       /* spring */
    cr_assert_eq(got[5], D(2026, 8, 31));       /* summer */
    cr_assert_eq(got[6], D(2026, 12, 25));
    cr_assert_eq(got[7], D(2026, 12, 28));      /* Boxing Day (Saturday) substitute */
    cr_assert(!cc_is_bank_holiday_england_wales(D(2026, 12, 26)));
}

Test(calendar, counts_one_offs_and_moves)
{
    long got[CC_BANK_HOLIDAYS_MAX_PER_YEAR];
    for (int y = 2020; y <= 2030; y++) {
        size_t n = cc_bank_holidays_england_wales(y, got);
        cr_assert_eq(n, y == 2022 ? 10u : y == 2023 ? 9u : 8u, "%d: %zu", y, n);
        for (size_t k = 1; k < n; k++)
            cr_assert_lt(got[k - 1], got[k], "%d: not ascending", y);
    }
    /* 2020: early May moved to Friday 8 May for VE Day */
    cr_assert(cc_is_bank_holiday_england_wales(D(2020, 5, 8)));
    cr_assert(!cc_is_bank_holiday_england_wales(D(2020, 5, 4)));
    /* 2022: spring moved to 2 June; jubilee 3 June; state funeral 19 September */
    cr_assert(!cc_is_bank_holiday_england_wales(D(2022, 5, 30)));
    cr_assert(cc_is_bank_holiday_england_wales(D(2022, 6, 2)));
    cr_assert(cc_is_bank_holiday_england_wales(D(2022, 6, 3)));
    cr_assert(cc_is_bank_holiday_england_wales(D(2022, 9, 19)));
    /* 2023: coronation 8 May, besides early May on the 1st */
    cr_assert(cc_is_bank_holiday_england_wales(D(2023, 5, 1)));
    cr_assert(cc_is_bank_holiday_england_wales(D(2023, 5, 8)));
    /* 2028-2030 by the rules: Christmas 2028 on a Monday, 2029 Tuesday; 1 Jan 2028 a Saturday */
    cr_assert(cc_is_bank_holiday_england_wales(D(2028, 1, 3)));
    cr_assert(cc_is_bank_holiday_england_wales(D(2030, 4, 19)));   /* Good Friday 2030 */
    /* outside the table: no answer */
    cr_assert_eq(cc_bank_holidays_england_wales(2019, got), 0);
    cr_assert_eq(cc_bank_holidays_england_wales(2031, got), 0);
    cr_assert(!cc_is_bank_holiday_england_wales(D(2031, 1, 1)));
}

Test(calendar, precedence_of_closures_seasons_and_hours)
{
    cc_hours cal_hours[] = { { 0x1f, 9 * 60, 17 * 60 } };          /* Mon-Fri 09-17 */
    cc_hours season_hours[] = { { 0x7f, 10 * 60, 14 * 60 } };      /* every day 10-14 */
    cc_hours own[] = { { 0x3f, 8 * 60, 20 * 60 } };                /* Mon-Sat 08-20 */
    long closed[] = { D(2026, 3, 10) };
    char xmas[] = "xmas";
    cc_season seasons[] = { { xmas, D(2026, 12, 24), D(2027, 1, 2), season_hours, 1, 1 } };
    cc_calendar cal = { .hours = cal_hours, .n_hours = 1, .closed_dates = closed,
                        .n_closed_dates = 1, .bank_holidays = CC_BANK_HOLIDAYS_ENGLAND_AND_WALES,
                        .seasons = seasons, .n_seasons = 1 };
    int o = -1, c = -1;
    /* a regular Monday: calendar hours, or the queue's own */
    cr_assert(cc_calendar_day_span(&cal, NULL, 0, 0, D(2026, 3, 9), &o, &c));
    cr_assert_eq(o, 540);
    cr_assert_eq(c, 1020);
    cr_assert(cc_calendar_day_span(&cal, own, 1, 0, D(2026, 3, 9), &o, &c));
    cr_assert_eq(o, 480);
    cr_assert_eq(c, 1200);
    /* Saturday: closed by the calendar, open by the queue's hours */
    cr_assert(!cc_calendar_day_span(&cal, NULL, 0, 0, D(2026, 3, 14), &o, &c));
    cr_assert(cc_calendar_day_span(&cal, own, 1, 0, D(2026, 3, 14), &o, &c));
    /* a closed date and a bank holiday close every queue, own hours or not */
    cr_assert(!cc_calendar_day_span(&cal, own, 1, 5, D(2026, 3, 10), &o, &c));
    cr_assert(!cc_calendar_day_span(&cal, own, 1, 5, D(2026, 4, 6), &o, &c));
    /* a bank holiday inside the season stays closed */
    cr_assert(!cc_calendar_day_span(&cal, own, 1, 5, D(2026, 12, 25), &o, &c));
    /* the season: priority queues only, with the season's hours (even on a Sunday) */
    cr_assert(!cc_calendar_day_span(&cal, own, 1, 0, D(2026, 12, 24), &o, &c));
    cr_assert(cc_calendar_day_span(&cal, own, 1, 1, D(2026, 12, 27), &o, &c));
    cr_assert_eq(o, 600);
    cr_assert_eq(c, 840);
    cr_assert(cc_calendar_day_span(&cal, NULL, 0, 1, D(2027, 1, 2), &o, &c));
    cr_assert(!cc_calendar_day_span(&cal, NULL, 0, 1, D(2027, 1, 3), &o, &c));   /* Sunday after */
    /* without bank holidays set, Easter Monday is an ordinary Monday */
    cal.bank_holidays = CC_BANK_HOLIDAYS_NONE;
    cr_assert(cc_calendar_day_span(&cal, NULL, 0, 0, D(2026, 4, 6), &o, &c));
}

Test(calendar, datetime_parse)
{
    long d = 0;
    int sec = 0;
    cr_assert_eq(cc_datetime_parse("2026-03-02 10:07", &d, &sec), 0);
    cr_assert_eq(d, cc_date_days(2026, 3, 2));
    cr_assert_eq(sec, 10 * 3600 + 7 * 60);
    cr_assert_eq(cc_datetime_parse("2024-02-29 23:59:59", &d, &sec), 0);
    cr_assert_eq(d, cc_date_days(2024, 2, 29));
    cr_assert_eq(sec, 86399);
    const char *bad[] = { "2026-03-02", "2026-03-02 10:7", "2026-03-02T10:07", "2026-03-02  10:07",
                          "2026-03-02 24:00", "2026-03-02 10:07:60", "2026-03-02 10:07:5",
                          "2026-03-02 10:07-30", "2025-02-29 10:00", "2026-03-02 10:07 " };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        d = -1;
        cr_assert_eq(cc_datetime_parse(bad[i], &d, &sec), -1, "%s", bad[i]);
        cr_assert_eq(d, -1, "%s: output touched", bad[i]);
    }
}
