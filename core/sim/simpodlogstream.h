// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sim/simpodlogs.h"

#include <QObject>
#include <QPointer>

class SimHttpConnection;
class SimStore;

/// One `follow=true` pods/log answer: a chunked text/plain stream of what the container has written (within
/// tailLines), then of what it appends, ended when the container stops or the pod goes (as the kubelet does).
/// limitBytes ends it early. Deletes itself when done or when the connection goes away.
class SimPodLogStream : public QObject
{
    Q_OBJECT
public:
    SimPodLogStream(
        SimHttpConnection *connection, SimStore *store, const SimPodLogFollow &follow, QObject *parent = nullptr);

    void start();

private:
    void send(const QByteArray &data);
    void finish();

    QPointer<SimHttpConnection> mConnection;
    QPointer<SimPodLogs> mLogs;
    SimPodLogFollow mFollow;
    qint64 mSent = 0;
    bool mFinished = false;
};
