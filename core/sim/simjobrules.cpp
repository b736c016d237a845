// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simjobrules.h"

#include "sim/simfielderrors.h"
#include "sim/simpodrules.h"

using namespace SimFieldErrors;

namespace {

const QString kSpec = QStringLiteral("spec");
const QString kTemplate = QStringLiteral("template");
const QString kMetadata = QStringLiteral("metadata");
const QString kLabels = QStringLiteral("labels");

bool selectorMatches(const QJsonObject &selector, const QJsonObject &labels)
{
    // matchLabels, and matchExpressions with In, NotIn, Exists and DoesNotExist.
    const QJsonObject matchLabels = selector.value(QStringLiteral("matchLabels")).toObject();
    for (auto it = matchLabels.begin(); it != matchLabels.end(); ++it) {
        if (labels.value(it.key()).toString() != it.value().toString() || !labels.contains(it.key()))
            return false;
    }
    for (const QJsonValue &value : selector.value(QStringLiteral("matchExpressions")).toArray()) {
        const QJsonObject expression = value.toObject();
        const QString key = expression.value(QStringLiteral("key")).toString();
        const QString op = expression.value(QStringLiteral("operator")).toString();
        const QVariantList values = expression.value(QStringLiteral("values")).toArray().toVariantList();
        const bool has = labels.contains(key);
        const bool in = has && values.contains(labels.value(key).toString());
        if ((op == QLatin1String("In") && !in) || (op == QLatin1String("NotIn") && in)
            || (op == QLatin1String("Exists") && !has) || (op == QLatin1String("DoesNotExist") && has))
            return false;
    }
    return true;
}

void nonNegative(const QJsonObject &spec, const char *field, QJsonArray &causes)
{
    const QJsonValue value = spec.value(QLatin1String(field));
    if (value.isDouble() && value.toInteger() < 0)
        causes.append(invalid(QString(QStringLiteral("spec.") + QLatin1String(field)),
            QString::number(value.toInteger()), QStringLiteral("must be greater than or equal to 0")));
}

} // namespace

void SimJobRules::applyDefaults(QJsonObject &job)
{
    QJsonObject spec = job.value(kSpec).toObject();
    if (!spec.contains(QStringLiteral("completions")) && !spec.contains(QStringLiteral("parallelism")))
        spec.insert(QStringLiteral("completions"), 1);
    if (!spec.contains(QStringLiteral("parallelism")))
        spec.insert(QStringLiteral("parallelism"), 1);
    if (!spec.contains(QStringLiteral("backoffLimit")))
        spec.insert(QStringLiteral("backoffLimit"), 6);
    if (!spec.contains(QStringLiteral("completionMode")))
        spec.insert(QStringLiteral("completionMode"), QStringLiteral("NonIndexed"));
    if (!spec.contains(QStringLiteral("suspend")))
        spec.insert(QStringLiteral("suspend"), false);
    if (!spec.contains(QStringLiteral("podReplacementPolicy")))
        spec.insert(QStringLiteral("podReplacementPolicy"),
            spec.contains(QStringLiteral("podFailurePolicy")) ? QStringLiteral("Failed")
                                                              : QStringLiteral("TerminatingOrFailed"));
    // The template gets the PodSpec defaults; a Pod's admission plugins (service account, tolerations, priority)
    // and SetDefaults_Pod (enableServiceLinks) apply to the Pods made from it, not to the template.
    QJsonObject podTemplate = spec.value(kTemplate).toObject();
    QJsonObject pod {{kSpec, podTemplate.value(kSpec).toObject()}};
    const bool serviceLinks = pod.value(kSpec).toObject().contains(QStringLiteral("enableServiceLinks"));
    SimPodRules::applyDefaults(pod, false);
    QJsonObject podSpec = pod.value(kSpec).toObject();
    if (!serviceLinks)
        podSpec.remove(QStringLiteral("enableServiceLinks"));
    podTemplate.insert(kSpec, podSpec);
    QJsonObject templateMeta = podTemplate.value(kMetadata).toObject();
    if (!templateMeta.contains(QStringLiteral("creationTimestamp")))
        templateMeta.insert(QStringLiteral("creationTimestamp"), QJsonValue::Null);
    podTemplate.insert(kMetadata, templateMeta);
    spec.insert(kTemplate, podTemplate);
    job.insert(kSpec, spec);
    // A Job without labels takes its template's.
    QJsonObject meta = job.value(kMetadata).toObject();
    const QJsonObject templateLabels = templateMeta.value(kLabels).toObject();
    if (meta.value(kLabels).toObject().isEmpty() && !templateLabels.isEmpty()) {
        meta.insert(kLabels, templateLabels);
        job.insert(kMetadata, meta);
    }
}

void SimJobRules::prepareForCreate(QJsonObject &job)
{
    QJsonObject meta = job.value(kMetadata).toObject();
    const QString uid = meta.value(QStringLiteral("uid")).toString();
    QJsonObject spec = job.value(kSpec).toObject();
    if (spec.value(QStringLiteral("manualSelector")).toBool())
        return;
    QJsonObject podTemplate = spec.value(kTemplate).toObject();
    QJsonObject templateMeta = podTemplate.value(kMetadata).toObject();
    QJsonObject labels = templateMeta.value(kLabels).toObject();
    // A Job without labels of its own shows its template's (SetDefaults_Job runs again when the apiserver reads it
    // back), the generated ones too.
    const QJsonObject jobLabels = meta.value(kLabels).toObject();
    const bool sharedLabels = jobLabels.isEmpty() || jobLabels == labels;
    const QString name = meta.value(QStringLiteral("name")).toString();
    labels.insert(QStringLiteral("batch.kubernetes.io/controller-uid"), uid);
    labels.insert(QStringLiteral("batch.kubernetes.io/job-name"), name);
    labels.insert(QStringLiteral("controller-uid"), uid);
    labels.insert(QStringLiteral("job-name"), name);
    templateMeta.insert(kLabels, labels);
    podTemplate.insert(kMetadata, templateMeta);
    spec.insert(kTemplate, podTemplate);
    if (sharedLabels) {
        meta.insert(kLabels, labels);
        job.insert(kMetadata, meta);
    }
    QJsonObject selector = spec.value(QStringLiteral("selector")).toObject();
    QJsonObject matchLabels = selector.value(QStringLiteral("matchLabels")).toObject();
    matchLabels.insert(QStringLiteral("batch.kubernetes.io/controller-uid"), uid);
    selector.insert(QStringLiteral("matchLabels"), matchLabels);
    spec.insert(QStringLiteral("selector"), selector);
    job.insert(kSpec, spec);
    job.remove(QStringLiteral("status"));
}

QJsonArray SimJobRules::validate(const QJsonObject &job, const QJsonObject *current)
{
    QJsonArray causes;
    const QJsonObject spec = job.value(kSpec).toObject();
    const QJsonObject selector = spec.value(QStringLiteral("selector")).toObject();
    const QString uid = job.value(kMetadata).toObject().value(QStringLiteral("uid")).toString();
    // validateGeneratedSelector: a selector the registry made selects exactly the Job's uid label.
    if (!spec.value(QStringLiteral("manualSelector")).toBool() && !uid.isEmpty()
        && (!selectorMatches(selector, QJsonObject {{QStringLiteral("batch.kubernetes.io/controller-uid"), uid}})))
        causes.append(invalid(
            QStringLiteral("spec.selector"), QStringLiteral("{...}"), QStringLiteral("`selector` not auto-generated")));
    for (const char *field :
        {"parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished"})
        nonNegative(spec, field, causes);
    // ValidatePodTemplateSpec: the template's Pod spec, under spec.template.
    const QJsonObject podTemplate = spec.value(kTemplate).toObject();
    const QJsonObject pod {
        {kMetadata, podTemplate.value(kMetadata).toObject()}, {kSpec, podTemplate.value(kSpec).toObject()}};
    for (const QJsonValue &value : SimPodRules::validate(pod, nullptr)) {
        QJsonObject podCause = value.toObject();
        podCause.insert(QStringLiteral("field"),
            QString(QStringLiteral("spec.template.") + podCause.value(QStringLiteral("field")).toString()));
        causes.append(podCause);
    }
    const QString restartPolicy = podTemplate.value(kSpec).toObject().value(QStringLiteral("restartPolicy")).toString();
    if (restartPolicy != QLatin1String("OnFailure") && restartPolicy != QLatin1String("Never"))
        causes.append(required(QStringLiteral("spec.template.spec.restartPolicy"),
            QStringLiteral("valid values: \"OnFailure\", \"Never\"")));
    if (!spec.contains(QStringLiteral("selector")))
        causes.append(required(QStringLiteral("spec.selector")));
    else if (!selectorMatches(selector, podTemplate.value(kMetadata).toObject().value(kLabels).toObject()))
        causes.append(invalid(QStringLiteral("spec.template.metadata.labels"), QStringLiteral("map[...]"),
            QStringLiteral("`selector` does not match template `labels`")));
    if (current) {
        // ValidateJobSpecUpdate: completions, selector and template stay as created (ValidateImmutableField; the
        // message prints the Go value, shown here as {...}). Current Kubernetes relaxes the template of a suspended
        // Job that never started (scheduling fields only); VolSync never updates its mover Jobs' templates.
        const QJsonObject old = current->value(kSpec).toObject();
        if (spec.value(QStringLiteral("completions")) != old.value(QStringLiteral("completions")))
            causes.append(invalid(QStringLiteral("spec.completions"),
                spec.contains(QStringLiteral("completions"))
                    ? QString::number(spec.value(QStringLiteral("completions")).toInteger())
                    : QStringLiteral("null"),
                QStringLiteral("field is immutable")));
        if (spec.value(QStringLiteral("selector")) != old.value(QStringLiteral("selector")))
            causes.append(invalid(
                QStringLiteral("spec.selector"), QStringLiteral("{...}"), QStringLiteral("field is immutable")));
        if (spec.value(kTemplate) != old.value(kTemplate))
            causes.append(invalid(
                QStringLiteral("spec.template"), QStringLiteral("{...}"), QStringLiteral("field is immutable")));
    }
    return causes;
}
