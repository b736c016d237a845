// SPDX-License-Identifier: GPL-3.0-or-later
// VolSync's names of what its movers make (checked against backube/volsync; see volsyncnames.h).
#include "common/volsyncnames.h"

#include <QTest>

class TestVolSyncNames : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void shortNamesArePrefixAndOwner()
    {
        QCOMPARE(VolSyncNames::jobName(true, false, QStringLiteral("web")), QStringLiteral("volsync-rsync-src-web"));
        QCOMPARE(
            VolSyncNames::jobName(false, true, QStringLiteral("web")), QStringLiteral("volsync-rsync-tls-dst-web"));
        QCOMPARE(
            VolSyncNames::serviceName(false, false, QStringLiteral("data")), QStringLiteral("volsync-rsync-dst-data"));
        QCOMPARE(VolSyncNames::ownerNameLabel(true, QStringLiteral("web")), QStringLiteral("src-web"));
        QCOMPARE(VolSyncNames::serviceAccountName(true, QStringLiteral("web")), QStringLiteral("volsync-src-web"));
        QCOMPARE(VolSyncNames::dataPvcName(false, QStringLiteral("data")), QStringLiteral("volsync-data-dst"));
        QCOMPARE(VolSyncNames::containerName(true), QStringLiteral("rsync-tls"));
        QCOMPARE(QLatin1String(VolSyncNames::kEnableDebugMoverAnnotation),
            QLatin1String("volsync.backube/enable-debug-mover"));
    }

    void namesPast63CharactersEndInTheCrc32OfTheOwner()
    {
        // 63 characters exactly stay; one more turns into prefix + crc32(owner) in 8 hex digits (Go's
        // crc32.ChecksumIEEE, as utils.getShortenedResourceName does).
        const QString fits(45, QLatin1Char('a')); // volsync-rsync-src- is 18: 63
        QCOMPARE(VolSyncNames::jobName(true, false, fits), QStringLiteral("volsync-rsync-src-") + fits);
        const QString longer(46, QLatin1Char('a'));
        QCOMPARE(VolSyncNames::jobName(true, false, longer), QStringLiteral("volsync-rsync-src-74a10022"));
        const QString owner = QStringLiteral("a-replication-source-with-a-name-long-enough-to-be-shortened-x");
        QCOMPARE(VolSyncNames::jobName(true, true, owner), QStringLiteral("volsync-rsync-tls-src-79eeadf3"));
        QCOMPARE(VolSyncNames::ownerNameLabel(true, QString(60, QLatin1Char('a'))), QStringLiteral("src-1f98bd29"));
    }
};

QTEST_GUILESS_MAIN(TestVolSyncNames)
#include "test_volsyncnames.moc"
