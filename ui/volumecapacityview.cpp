// SPDX-License-Identifier: GPL-3.0-or-later
#include "volumecapacityview.h"

#include "engine/relationshippreflight.h"
#include "engine/replicationengine.h"
#include "engine/volumecapacityjob.h"
#include "statusstyle.h"

#include <QFormLayout>
#include <QLabel>

VolumeCapacityView::VolumeCapacityView(QFormLayout *sourceForm, QFormLayout *destinationForm, QObject *parent)
    : QObject(parent)
{
    const auto addRow = [](QFormLayout *form, const QString &name) {
        auto *value = new QLabel(form->parentWidget());
        value->setObjectName(name);
        value->setTextFormat(Qt::RichText);
        value->setWordWrap(true);
        auto *label = new QLabel(tr("Capacity:"), form->parentWidget());
        label->setObjectName(name + QStringLiteral("Label"));
        form->addRow(label, value);
        return value;
    };
    mSource = addRow(sourceForm, QStringLiteral("sourceCapacity"));
    mDestination = addRow(destinationForm, QStringLiteral("destinationCapacity"));
}

VolumeCapacityView::~VolumeCapacityView()
{
    stop();
}

void VolumeCapacityView::stop()
{
    if (mJob) {
        VolumeCapacityJob *job = mJob;
        mJob = nullptr;
        disconnect(job, nullptr, this, nullptr);
        job->cancel();
        job->deleteLater();
    }
}

void VolumeCapacityView::show(ReplicationEngine *engine, const QString &name)
{
    stop();
    mSource->setText(QStringLiteral("…"));
    mDestination->setText(QStringLiteral("…"));
    if (!engine || name.isEmpty()) {
        return;
    }
    auto *job = qobject_cast<VolumeCapacityJob *>(engine->volumeCapacities(name));
    mJob = job;
    connect(job, &ReplicationJob::finished, this, [this, job]() {
        mJob = nullptr;
        job->deleteLater();
        const QString source = job->sourceSize();
        const QString destination = job->destinationSize();
        mSource->setText(source.isEmpty() ? tr("unknown") : source.toHtmlEscaped());
        QString text = destination.isEmpty()
            ? tr("unknown")
            : (job->destinationIsPlanned() ? tr("%1 (when created)").arg(destination) : destination).toHtmlEscaped();
        if (const auto problem = RelationshipPreflight::capacityProblem(destination, source)) {
            text = StatusStyle::badgeHtml(StatusStyle::Kind::Warning,
                tr("%1: smaller than the source (%2); change it with Change Setup…").arg(destination, source),
                mDestination->palette());
        }
        mDestination->setText(text);
    });
    job->start();
}
