// SPDX-License-Identifier: GPL-3.0-or-later
#include "troubleshoottimelineentry.h"

QString TroubleshootTimelineEntry::sourceName(Source source)
{
    switch (source) {
    case Source::Event:
        return QStringLiteral("event");
    case Source::Status:
        return QStringLiteral("status");
    case Source::Log:
        return QStringLiteral("log");
    }
    return {};
}

QString TroubleshootTimelineEntry::identity() const
{
    const QString head = role + QLatin1Char('|') + sourceName(source) + QLatin1Char('|') + objectKind + QLatin1Char('/')
        + objectName + QLatin1Char('|') + reason + QLatin1Char('|');
    return source == Source::Event ? head + message : head + time.toUTC().toString(Qt::ISODateWithMs);
}

QString TroubleshootTimelineEntry::text() const
{
    return QStringLiteral("%1  %2  %3  %4  %5  %6/%7  %8%9")
        .arg(time.isValid() ? time.toUTC().toString(Qt::ISODate) : QStringLiteral("-"), context, sourceName(source),
            warning ? QStringLiteral("Warning") : QStringLiteral("Normal"), reason, objectKind, objectName, message,
            count > 1 ? QStringLiteral(" (x%1)").arg(count) : QString());
}
