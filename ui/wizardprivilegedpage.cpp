// SPDX-License-Identifier: GPL-3.0-or-later
#include "wizardprivilegedpage.h"

#include "clusterlistloader.h"
#include "engine/replicationengine.h"
#include "kube/kuberesource.h"
#include "setupwizard.h"
#include "statusstyle.h"
#include "wizarddestinationpage.h"
#include "wizardsourcepage.h"

#include <QCheckBox>
#include <QLabel>
#include <QVBoxLayout>

WizardPrivilegedPage::WizardPrivilegedPage(QWidget *parent)
    : QWizardPage(parent)
{
    setObjectName(QStringLiteral("wizardPrivilegedPage"));
    setTitle(tr("Permission for the mover"));
    setSubTitle(tr("rsync over SSH runs its mover with extra privileges, which VolSync allows only in namespaces "
                   "that say so."));
    mExplanation = new QLabel(this);
    mExplanation->setObjectName(QStringLiteral("privilegedExplanation"));
    mExplanation->setWordWrap(true);
    mSourceState = new QLabel(this);
    mSourceState->setObjectName(QStringLiteral("privilegedSourceState"));
    mSourceState->setTextFormat(Qt::RichText);
    mSourceState->setWordWrap(true);
    mDestinationState = new QLabel(this);
    mDestinationState->setObjectName(QStringLiteral("privilegedDestinationState"));
    mDestinationState->setTextFormat(Qt::RichText);
    mDestinationState->setWordWrap(true);
    mAnnotate
        = new QCheckBox(tr("&Add the annotation volsync.backube/privileged-movers=\"true\" where it is missing"), this);
    mAnnotate->setObjectName(QStringLiteral("annotateNamespacesCheck"));
    mAnnotate->setChecked(true);
    connect(mAnnotate, &QCheckBox::toggled, this, &WizardPrivilegedPage::completeChanged);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(mExplanation);
    layout->addWidget(mSourceState);
    layout->addWidget(mDestinationState);
    layout->addWidget(mAnnotate);
    layout->addStretch();
}

void WizardPrivilegedPage::initializePage()
{
    auto *w = qobject_cast<SetupWizard *>(wizard());
    if (!w) {
        return;
    }
    const quint64 generation = ++mGeneration;
    mMissing.clear();
    if (w->rsyncTls()) {
        mPending = 0;
        mExplanation->setText(tr("You chose rsync over TLS: its mover needs no extra privileges. Nothing to do here."));
        mSourceState->clear();
        mDestinationState->clear();
        mAnnotate->setVisible(false);
        Q_EMIT completeChanged();
        Q_EMIT checked();
        return;
    }
    mAnnotate->setVisible(true);
    mExplanation->setText(tr("Checking the namespaces…"));
    const QString annotation = ReplicationEngine::privilegedMoversAnnotation();
    struct Side {
        QLabel *label;
        QString context;
        QString ns;
        bool willBeCreated;
    };
    const QList<Side> sides = {
        {mSourceState, w->sourcePage()->context(), w->sourcePage()->namespaceName(), false},
        {mDestinationState, w->destinationPage()->context(), w->destinationPage()->namespaceName(),
            w->destinationPage()->createNamespace()},
    };
    mPending = int(sides.size());
    for (const Side &side : sides) {
        const QString where = tr("%1 on %2").arg(side.ns, side.context);
        if (side.willBeCreated) {
            side.label->setText(StatusStyle::badgeHtml(
                StatusStyle::Kind::Warning, tr("%1: will be created, without the annotation").arg(where), palette()));
            mMissing.append(side.context + QLatin1Char('/') + side.ns);
            --mPending;
            continue;
        }
        QLabel *label = side.label;
        const QString key = side.context + QLatin1Char('/') + side.ns;
        ClusterListLoader::get(w->session(), side.context, KubeResource::namespaces(), QString(), side.ns, this,
            [this, generation, label, where, key, annotation](
                const QJsonObject &object, bool found, const QString &error) {
                if (generation != mGeneration) {
                    return;
                }
                const QString value = object.value(QLatin1String("metadata"))
                                          .toObject()
                                          .value(QLatin1String("annotations"))
                                          .toObject()
                                          .value(annotation)
                                          .toString();
                if (!error.isEmpty()) {
                    label->setText(StatusStyle::badgeHtml(
                        StatusStyle::Kind::Error, where + QStringLiteral(": ") + error, palette()));
                    mMissing.append(key);
                } else if (found && value == QLatin1String("true")) {
                    label->setText(
                        StatusStyle::badgeHtml(StatusStyle::Kind::Ok, tr("%1: allowed").arg(where), palette()));
                } else {
                    label->setText(StatusStyle::badgeHtml(
                        StatusStyle::Kind::Warning, tr("%1: not allowed yet").arg(where), palette()));
                    mMissing.append(key);
                }
                if (--mPending == 0) {
                    show();
                }
            });
    }
    if (mPending == 0) {
        show();
    }
}

void WizardPrivilegedPage::show()
{
    if (mMissing.isEmpty()) {
        mExplanation->setText(tr("Both namespaces allow privileged movers."));
        mAnnotate->setVisible(false);
    } else {
        QStringList commands;
        for (const QString &key : std::as_const(mMissing)) {
            commands.append(
                QStringLiteral("kubectl --context %1 annotate namespace %2 volsync.backube/privileged-movers=true")
                    .arg(key.section(QLatin1Char('/'), 0, 0), key.section(QLatin1Char('/'), 1)));
        }
        mExplanation->setText(tr("Without the annotation the mover cannot start. Let this wizard add it, or run:\n%1")
                                  .arg(commands.join(QLatin1Char('\n'))));
        mAnnotate->setVisible(true);
    }
    Q_EMIT completeChanged();
    Q_EMIT checked();
}

bool WizardPrivilegedPage::isComplete() const
{
    return mPending == 0 && (mMissing.isEmpty() || mAnnotate->isChecked());
}

bool WizardPrivilegedPage::allowAnnotate() const
{
    return !mMissing.isEmpty() && mAnnotate->isChecked();
}
