// SPDX-License-Identifier: GPL-3.0-or-later
#include "kubebatchgetter.h"

#include "kubeclient.h"
#include "kubereply.h"

#include <QHash>
#include <QSet>
#include <QTimer>

#include <algorithm>
#include <utility>

KubeBatchGetter::KubeBatchGetter(QObject *parent)
    : QObject(parent)
{ }

KubeBatchGetter::~KubeBatchGetter() = default;

void KubeBatchGetter::get(KubeClient *client, const KubeResource &resource, const QString &namespaceName,
    const QString &name, const QString &labelSelector, QObject *context, Callback callback)
{
    const QString ns = resource.namespaced ? namespaceName : QString();
    Waiter waiter {name, context, std::move(callback)};
    auto batch = std::find_if(mPending.begin(), mPending.end(), [&](const Batch &b) {
        return b.client == client && b.resource == resource && b.namespaceName == ns
            && b.labelSelector == labelSelector;
    });
    if (batch == mPending.end())
        mPending.append(Batch {client, resource, ns, labelSelector, {std::move(waiter)}});
    else
        batch->waiters.append(std::move(waiter));
    if (!mFlushScheduled) {
        mFlushScheduled = true;
        QTimer::singleShot(0, this, &KubeBatchGetter::flush);
    }
}

void KubeBatchGetter::deliver(const Waiter &waiter, const KubeResult &result)
{
    if (waiter.context && waiter.callback)
        waiter.callback(result);
}

void KubeBatchGetter::flush()
{
    mFlushScheduled = false;
    const QList<Batch> batches = std::exchange(mPending, {});
    for (const Batch &batch : batches) {
        QList<Waiter> waiters;
        for (const Waiter &waiter : batch.waiters) {
            if (waiter.context)
                waiters.append(waiter);
        }
        if (waiters.isEmpty())
            continue;
        KubeClient *client = batch.client;
        if (!client) {
            for (const Waiter &waiter : std::as_const(waiters))
                deliver(waiter, KubeResult {{}, KubeError(KubeError::Kind::Canceled, QStringLiteral("canceled")), 0});
            continue;
        }
        QSet<QString> names;
        for (const Waiter &waiter : std::as_const(waiters))
            names.insert(waiter.name);
        if (names.size() == 1) {
            for (const Waiter &waiter : std::as_const(waiters))
                getOne(client, batch.resource, batch.namespaceName, waiter);
            continue;
        }
        KubeRequest::ListOptions options;
        options.labelSelector = batch.labelSelector;
        KubeReply *reply = client->list(batch.resource, batch.namespaceName, options);
        const KubeResource resource = batch.resource;
        const QString ns = batch.namespaceName;
        const QPointer<KubeClient> guard(client);
        connect(reply, &KubeReply::finished, this, [this, reply, guard, resource, ns, waiters] {
            // The list's items by name; anything it lacks (or all, when it failed) is read on its own.
            QHash<QString, QJsonObject> byName;
            if (reply->isOk() && reply->continueToken().isEmpty()) {
                const QList<QJsonObject> items = reply->items();
                for (const QJsonObject &item : items)
                    byName.insert(
                        item.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString(), item);
            }
            for (const Waiter &waiter : waiters) {
                const auto found = byName.constFind(waiter.name);
                if (found != byName.constEnd())
                    deliver(waiter, KubeResult {found.value(), KubeError(), reply->httpStatus()});
                else if (!guard)
                    deliver(
                        waiter, KubeResult {{}, KubeError(KubeError::Kind::Canceled, QStringLiteral("canceled")), 0});
                else if (waiter.context)
                    getOne(guard, resource, ns, waiter);
            }
        });
    }
}

void KubeBatchGetter::getOne(
    KubeClient *client, const KubeResource &resource, const QString &namespaceName, const Waiter &waiter)
{
    KubeReply *reply = client->get(resource, namespaceName, waiter.name);
    connect(reply, &KubeReply::finished, this, [reply, waiter] {
        deliver(
            waiter, KubeResult {reply->isOk() ? reply->json() : QJsonObject(), reply->error(), reply->httpStatus()});
    });
}
