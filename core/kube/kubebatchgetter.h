// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "kuberesource.h"
#include "kuberesult.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

class KubeClient;

/// Reads named objects in batches: the reads asked for in one turn of the event loop for the same client, kind,
/// namespace and label selector go out as one LIST narrowed by that selector (the label the objects are expected to
/// carry) instead of one GET each, so 25 relationships of a cluster cost one request and one rate-limit token, not
/// 25. The answer is always what a GET would give: an object the list does not hold (it lacks the label, or does
/// not exist) and every object of a list that failed (e.g. 403, a user who may get but not list) are read with a
/// GET of their own. A read that is alone in its batch is a GET. Owned by KubeSession (KubeSession::batchGetter()).
class KubeBatchGetter : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const KubeResult &result)>;

    explicit KubeBatchGetter(QObject *parent = nullptr);
    ~KubeBatchGetter() override;

    /// Reads `name`; `callback` runs later (never inside this call) with the object or the error, unless `context`
    /// is gone by then. A client deleted meanwhile answers with a Canceled error.
    void get(KubeClient *client, const KubeResource &resource, const QString &namespaceName, const QString &name,
        const QString &labelSelector, QObject *context, Callback callback);

private:
    struct Waiter {
        QString name;
        QPointer<QObject> context;
        Callback callback;
    };
    struct Batch {
        QPointer<KubeClient> client;
        KubeResource resource;
        QString namespaceName;
        QString labelSelector;
        QList<Waiter> waiters;
    };
    void flush();
    void getOne(KubeClient *client, const KubeResource &resource, const QString &namespaceName, const Waiter &waiter);
    static void deliver(const Waiter &waiter, const KubeResult &result);

    QList<Batch> mPending;
    bool mFlushScheduled = false;
};
