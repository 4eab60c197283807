"""Ask an expert: a team's question, its page, and replies."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from lcpa.cohorts.access import get_team_for_user
from lcpa.core.forms import add_service_error
from lcpa.guidance import queries, services
from lcpa.guidance.access import (
    answers_as_expert,
    asks_follow_up,
    get_question_for_asker,
    get_question_for_user,
)
from lcpa.guidance.forms import AnswerForm, FollowUpForm, QuestionForm
from lcpa.guidance.models import Question


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def question_ask(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_team_for_user(request.user, team_id, write=True)
    form = QuestionForm(
        request.POST if request.method == "POST" else None,
        modules=team.cohort.modules.order_by("number"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            question = services.question_ask(
                submission_key=data["submission_key"],
                team=team,
                by=request.user,
                module=data["module"],
                topic=data["topic"],
                title=data["title"],
                body=data["body"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Your question is sent to the cohort's experts.")
            return redirect("guidance:question", pk=question.pk)
    return render(
        request,
        "guidance/question_ask.html",
        {"team": team, "form": form},
        status=400 if form.is_bound else 200,
    )


def _question(
    request: HttpRequest,
    question: Question,
    *,
    form: AnswerForm | None = None,
    follow_up_form: FollowUpForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "guidance/question.html",
        {
            "question": question,
            "answers": queries.question_answers(question),
            "form": form or AnswerForm(),
            "as_expert": answers_as_expert(request.user, question),
            "follow_up_form": (follow_up_form or FollowUpForm())
            if question.answered_at and asks_follow_up(request.user, question)
            else None,
            "invalid_form": form or follow_up_form,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def question(request: HttpRequest, pk: int) -> HttpResponse:
    return _question(request, get_question_for_user(request.user, pk))


@login_required
@require_POST
def answer_post(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_user(request.user, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _question(request, question, form=form, status=400)
    services.answer_post(
        submission_key=form.cleaned_data["submission_key"],
        question=question,
        by=request.user,
        body=form.cleaned_data["body"],
    )
    messages.success(request, "Your reply is posted.")
    return redirect("guidance:question", pk=question.pk)


@login_required
@require_POST
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_asker(request.user, pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.question_follow_up(
                submission_key=form.cleaned_data["submission_key"],
                question=question,
                by=request.user,
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Your follow-up question is sent to the experts.")
            return redirect("guidance:question", pk=question.pk)
    return _question(request, question, follow_up_form=form, status=400)
