// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simpodlogstream.h"

#include "sim/simhttpconnection.h"

SimPodLogStream::SimPodLogStream(
    SimHttpConnection *connection, SimStore *store, const SimPodLogFollow &follow, QObject *parent)
    : QObject(parent)
    , mConnection(connection)
    , mLogs(SimPodLogs::of(store))
    , mFollow(follow)
{
    connect(connection, &SimHttpConnection::closed, this, &SimPodLogStream::finish);
}

void SimPodLogStream::start()
{
    if (!mConnection || !mLogs) {
        finish();
        return;
    }
    mConnection->beginChunked(200, "text/plain");
    SimPodLogOptions initial = mFollow.options;
    initial.limitBytes.reset();
    send(mLogs->read(mFollow.ns, mFollow.pod, initial));
    if (mFinished) {
        return;
    }
    connect(mLogs, &SimPodLogs::appended, this,
        [this](const QString &ns, const QString &pod, const QString &container, const QByteArray &text) {
            if (ns == mFollow.ns && pod == mFollow.pod && container == mFollow.options.container) {
                send(text);
            }
        });
    auto end = [this](const QString &ns, const QString &pod) {
        if (ns == mFollow.ns && pod == mFollow.pod && mConnection && !mFinished) {
            mConnection->endChunked();
            finish();
        }
    };
    connect(mLogs, &SimPodLogs::terminated, this,
        [end, this](const QString &ns, const QString &pod, const QString &container) {
            if (container == mFollow.options.container) {
                end(ns, pod);
            }
        });
    connect(mLogs, &SimPodLogs::podRemoved, this, end);
}

void SimPodLogStream::send(const QByteArray &data)
{
    if (mFinished || !mConnection || data.isEmpty()) {
        return;
    }
    QByteArray chunk = data;
    const std::optional<qint64> limit = mFollow.options.limitBytes;
    if (limit && mSent + chunk.size() >= *limit) {
        chunk.truncate(qsizetype(*limit - mSent));
    }
    if (!chunk.isEmpty()) {
        mConnection->sendChunk(chunk);
        mSent += chunk.size();
    }
    if (limit && mSent >= *limit) {
        mConnection->endChunked();
        finish();
    }
}

void SimPodLogStream::finish()
{
    if (mFinished) {
        return;
    }
    mFinished = true;
    deleteLater();
}
