// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "disasterrecoveryjob.h"
#include "disasterrecoveryoptions.h"

#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QStringList>

class KubeClient;
class ReplicationEngine;

/// end-test: removes only what test failovers of a relationship created: its test PVCs (labelled
/// volsync-desktop/dr-test=<relationship id>; one named PVC must carry that label), and gives back the restore
/// points they still held (a test PVC that binds on first use keeps its snapshot labelled until then): the latest
/// image is VolSync's again, an older one is deleted. Replication is not touched. plan() lists what a dry run
/// would remove.
class ReplicationEndTestJob : public DisasterRecoveryJob
{
    Q_OBJECT
public:
    ReplicationEndTestJob(
        ReplicationEngine *engine, const QString &name, const EndTestOptions &options, QObject *parent = nullptr);

    [[nodiscard]] QStringList plan() const { return mPlan; }

protected:
    void run() override;

private:
    void listTests(const QString &rdNamespace, const QString &rdName);
    void collect(const QList<QJsonObject> &claims);
    void next();
    void release(const QString &pvc);
    void unmarkTesting();
    void finish();

    EndTestOptions mOptions;
    QString mId;
    QString mNamespace; ///< the destination's (its snapshots and testing mark)
    QString mContext;
    QString mTestNamespace; ///< where the test PVCs are (--to; default: the destination's)
    QString mTestContext;
    KubeClient *mTestClient = nullptr;
    int mLeftBesideDestination = 0; ///< test PVCs in the destination's namespace (when ending tests elsewhere)
    QString mLatest;
    KubeClient *mClient = nullptr;
    QStringList mClaims; ///< test PVCs still to remove
    QList<QJsonObject> mSnapshots; ///< the destination namespace's snapshots
    QStringList mPlan;
    int mRemoved = 0;
    bool mRemovesAll = false; ///< no test PVC is left afterwards: the RD's testing mark goes too
    QString mRdName;
};
