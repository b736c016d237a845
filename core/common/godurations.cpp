// SPDX-License-Identifier: GPL-3.0-or-later
#include "godurations.h"

namespace {

struct Unit {
    const char *name;
    qint64 nanoseconds;
};

// Longest names first so that "ms" is not read as "m" followed by "s".
constexpr Unit kUnits[] = {
    {"ns", 1LL},
    {"us", 1000LL},
    {"\xc2\xb5s", 1000LL}, // µs (micro sign)
    {"\xce\xbcs", 1000LL}, // μs (Greek mu)
    {"ms", 1000000LL},
    {"s", 1000000000LL},
    {"m", 60LL * 1000000000LL},
    {"h", 3600LL * 1000000000LL},
};

} // namespace

std::optional<qint64> parseGoDuration(const QString &text)
{
    const QByteArray s = text.toUtf8();
    qsizetype i = 0;
    bool negative = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
        negative = s[i] == '-';
        ++i;
    }
    if (s.mid(i) == "0")
        return qint64(0);
    if (i >= s.size())
        return std::nullopt;

    long double total = 0;
    while (i < s.size()) {
        // number: digits, optionally '.' and more digits; at least one digit overall
        const qsizetype start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9')
            ++i;
        bool sawDigits = i > start;
        if (i < s.size() && s[i] == '.') {
            ++i;
            const qsizetype fracStart = i;
            while (i < s.size() && s[i] >= '0' && s[i] <= '9')
                ++i;
            sawDigits = sawDigits || i > fracStart;
        }
        if (!sawDigits)
            return std::nullopt;
        const long double value = s.mid(start, i - start).toDouble();

        const Unit *unit = nullptr;
        size_t unitLength = 0;
        for (const Unit &candidate : kUnits) {
            const size_t len = qstrlen(candidate.name);
            if (s.mid(i, qsizetype(len)) == candidate.name && len > unitLength) {
                unit = &candidate;
                unitLength = len;
            }
        }
        if (!unit)
            return std::nullopt; // Go requires a unit after every number but a lone "0"
        i += qsizetype(unitLength);
        total += value * static_cast<long double>(unit->nanoseconds);
        if (total > static_cast<long double>(std::numeric_limits<qint64>::max()))
            return std::nullopt;
    }
    const auto result = static_cast<qint64>(total + 0.5L);
    return negative ? -result : result;
}

QString formatGoDuration(qint64 nanoseconds)
{
    if (nanoseconds == 0)
        return QStringLiteral("0s");
    const bool negative = nanoseconds < 0;
    quint64 u = negative ? quint64(-(nanoseconds + 1)) + 1 : quint64(nanoseconds);
    QString out;
    auto fraction = [](quint64 value, int digits) {
        // value holds `digits` fractional digits; drop trailing zeros
        QString frac = QString::number(value).rightJustified(digits, QLatin1Char('0'));
        while (frac.endsWith(QLatin1Char('0')))
            frac.chop(1);
        return frac.isEmpty() ? QString() : QLatin1Char('.') + frac;
    };
    if (u < 1000000000ULL) {
        // under a second: ns, µs or ms with a fraction
        if (u < 1000ULL)
            out = QString::number(u) + QStringLiteral("ns");
        else if (u < 1000000ULL)
            out = QString::number(u / 1000ULL) + fraction(u % 1000ULL, 3) + QStringLiteral("\u00b5s");
        else
            out = QString::number(u / 1000000ULL) + fraction(u % 1000000ULL, 6) + QStringLiteral("ms");
    } else {
        const quint64 seconds = u / 1000000000ULL;
        const QString secondsPart = QString::number(seconds % 60) + fraction(u % 1000000000ULL, 9) + QLatin1Char('s');
        const quint64 minutes = seconds / 60;
        if (minutes == 0) {
            out = secondsPart;
        } else {
            const quint64 hours = minutes / 60;
            out = QString::number(minutes % 60) + QLatin1Char('m') + secondsPart;
            if (hours > 0)
                out = QString::number(hours) + QLatin1Char('h') + out;
        }
    }
    return negative ? QLatin1Char('-') + out : out;
}
