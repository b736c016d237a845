// SPDX-License-Identifier: GPL-3.0-or-later
#include "kubefuture.h"

#include "kubereply.h"

#include <QPromise>

#include <memory>

QFuture<KubeResult> kubeFuture(KubeReply *reply)
{
    auto promise = std::make_shared<QPromise<KubeResult>>();
    QFuture<KubeResult> future = promise->future();
    promise->start();
    const auto resultOf = [](const KubeReply *finished) {
        return KubeResult {finished->json(), finished->error(), finished->httpStatus()};
    };
    if (reply->isFinished()) {
        promise->addResult(resultOf(reply));
        promise->finish();
        return future;
    }
    // The connection owns the promise: destroying the reply without a result cancels the future.
    QObject::connect(reply, &KubeReply::finished, reply, [reply, promise, resultOf] {
        promise->addResult(resultOf(reply));
        promise->finish();
    });
    return future;
}
