// SPDX-License-Identifier: GPL-3.0-or-later
// A kubeconfig of any bytes: parsing and resolving every context must neither crash nor grow without bound.
#include "kube/kubeconfig.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    const KubeConfig config = KubeConfig::parse(text, QStringLiteral("/nonexistent/fuzz/config"));
    const QList<KubeContext> contexts = config.contexts();
    for (const KubeContext &context : contexts)
        (void)config.resolve(context.name);
    (void)config.resolve();
    return 0;
}
