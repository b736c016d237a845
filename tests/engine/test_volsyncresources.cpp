// SPDX-License-Identifier: GPL-3.0-or-later
// VolSync's API types and the hint a "not found" on them gets (the Kubernetes client knows no VolSync).

#include "engine/volsyncresources.h"
#include "kube/kuberequest.h"

#include <QTest>

class TestVolSyncResources : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void types()
    {
        const KubeResource rs = VolSyncResources::replicationSources();
        QCOMPARE(rs.apiVersion(), QStringLiteral("volsync.backube/v1alpha1"));
        QCOMPARE(rs.kind, QStringLiteral("ReplicationSource"));
        QCOMPARE(rs.path(QStringLiteral("ns"), QStringLiteral("x")),
            QStringLiteral("/apis/volsync.backube/v1alpha1/namespaces/ns/replicationsources/x"));
        const KubeResource rd = VolSyncResources::replicationDestinations();
        QCOMPARE(rd.qualifiedName(), QStringLiteral("replicationdestinations.volsync.backube"));
        QVERIFY(rd.namespaced);
        QVERIFY(VolSyncResources::isVolSync(rs));
        QVERIFY(VolSyncResources::isVolSync(rd));
        QVERIFY(!VolSyncResources::isVolSync(KubeResource::persistentVolumeClaims()));
        QVERIFY(!VolSyncResources::isVolSync(KubeResource::volumeSnapshots()));
    }

    void notFoundOnVolSyncTypeNamesVolSync()
    {
        const KubeResource rs = VolSyncResources::replicationSources();
        KubeError error = KubeError::fromHttp(404, R"({"kind":"Status","reason":"NotFound","code":404})");
        error.setOperation(KubeRequest::get(rs, QStringLiteral("source"), QStringLiteral("nope")).describe());
        QVERIFY(!error.personMessage().contains(QStringLiteral("VolSync")));
        const QString text = VolSyncResources::explained(error, rs).personMessage();
        QVERIFY2(text.contains(QStringLiteral("check that VolSync (its CRDs) is installed")), qPrintable(text));
        QVERIFY2(text.startsWith(QStringLiteral("Could not get replicationsources.volsync.backube \"nope\"")),
            qPrintable(text));
    }

    void otherErrorsKeepTheirHint()
    {
        const KubeResource rs = VolSyncResources::replicationSources();
        const KubeError forbidden = KubeError::fromHttp(403, R"({"kind":"Status","reason":"Forbidden","code":403})");
        QCOMPARE(VolSyncResources::explained(forbidden, rs).personMessage(), forbidden.personMessage());
        const KubeError pvcMissing = KubeError::fromHttp(404, R"({"kind":"Status","reason":"NotFound","code":404})");
        QCOMPARE(VolSyncResources::explained(pvcMissing, KubeResource::persistentVolumeClaims()).personMessage(),
            pvcMissing.personMessage());
        KubeError ownHint = pvcMissing;
        ownHint.setHint(QStringLiteral("a hint of the caller's"));
        QCOMPARE(VolSyncResources::explained(ownHint, rs).hint(), QStringLiteral("a hint of the caller's"));
    }
};

QTEST_GUILESS_MAIN(TestVolSyncResources)
#include "test_volsyncresources.moc"
