// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/godurations.h"

#include <QTest>

class BenchGoDurations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parseStatusDuration()
    {
        const QString text = QStringLiteral("1m28.732770544s");
        QBENCHMARK
        {
            const auto parsed = parseGoDuration(text);
            QVERIFY(parsed.has_value());
        }
    }
};

QTEST_GUILESS_MAIN(BenchGoDurations)
#include "bench_godurations.moc"
