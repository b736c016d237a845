// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QStringList>

/// The order in which kube-apiserver (current Kubernetes; v1.20 has no fieldValidation) names unknown fields in a
/// fieldValidation=Strict error and in its Warning headers:
/// - built-in kinds: the strict JSON decoder's order, which is the order of the document it decodes: the request
///   body of a create or replace; for a patch, the patched object, which the apiserver marshals from Go maps
///   (keys sorted at each level, the order SimValidator's walk already has);
/// - custom resources: unknown metadata fields first, then the pruned paths sorted (structural pruning sorts them).
/// Paths are the simulator's: "spec.containers[0].ports[0].protcol".
class SimFieldOrder
{
public:
    /// `paths` in the order their keys first appear in the JSON text `document` (paths not found keep their
    /// order, after the others).
    [[nodiscard]] static QStringList documentOrder(const QStringList &paths, const QByteArray &document);
    /// `paths` as apiextensions-apiserver lists them: "metadata.*" first, each group sorted.
    [[nodiscard]] static QStringList customResourceOrder(const QStringList &paths);
};
