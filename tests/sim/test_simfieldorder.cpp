// SPDX-License-Identifier: GPL-3.0-or-later
// The order of unknown fields in a fieldValidation=Strict error: the document's for built-in kinds (the strict JSON
// decoder's), metadata first and then sorted for custom resources (structural pruning's).

#include "sim/simfieldorder.h"

#include <QTest>

class TestSimFieldOrder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void documentOrderFollowsTheBody()
    {
        // (moc cannot read raw string literals holding quotes and brackets, hence the escapes.)
        const QByteArray body
            = "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\",\"colour\":\"red\"},\n"
              "  \"spec\":{\"zeta\":1,\"containers\":[{\"name\":\"a\",\"imagePullPolicyy\":\"x\"},{\"name\":\"b\",\n"
              "  \"ports\":[{\"protcol\":\"TCP\"}],\"bogus\":{\"nested\":true}}],\"nodeSelectorr\":{\"k\":\"v\"}},\n"
              "  \"aaa\":[1,{\"x\":\"y\"}],\"esc\\u0061ped\":\"\\\"}]\"}";
        // As SimValidator's walk finds them (keys sorted at each level).
        const QStringList walked = {QStringLiteral("aaa"), QStringLiteral("escaped"), QStringLiteral("metadata.colour"),
            QStringLiteral("spec.containers[0].imagePullPolicyy"), QStringLiteral("spec.containers[1].bogus"),
            QStringLiteral("spec.containers[1].ports[0].protcol"), QStringLiteral("spec.nodeSelectorr"),
            QStringLiteral("spec.zeta")};
        QCOMPARE(SimFieldOrder::documentOrder(walked, body),
            QStringList({QStringLiteral("metadata.colour"), QStringLiteral("spec.zeta"),
                QStringLiteral("spec.containers[0].imagePullPolicyy"),
                QStringLiteral("spec.containers[1].ports[0].protcol"), QStringLiteral("spec.containers[1].bogus"),
                QStringLiteral("spec.nodeSelectorr"), QStringLiteral("aaa"), QStringLiteral("escaped")}));
        // A path the body does not name (a field a conversion introduced) goes last.
        QCOMPARE(SimFieldOrder::documentOrder({QStringLiteral("nowhere"), QStringLiteral("spec.zeta")}, body),
            QStringList({QStringLiteral("spec.zeta"), QStringLiteral("nowhere")}));
    }

    void customResourcesMetadataFirstThenSorted()
    {
        QCOMPARE(SimFieldOrder::customResourceOrder({QStringLiteral("spec.rsync.zz"), QStringLiteral("bogus"),
                     QStringLiteral("metadata.colour"), QStringLiteral("spec.rsync-x"), QStringLiteral("metadata.b")}),
            QStringList({QStringLiteral("metadata.b"), QStringLiteral("metadata.colour"), QStringLiteral("bogus"),
                QStringLiteral("spec.rsync-x"), QStringLiteral("spec.rsync.zz")}));
    }
};

QTEST_GUILESS_MAIN(TestSimFieldOrder)
#include "test_simfieldorder.moc"
