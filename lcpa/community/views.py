"""The peer forum: spaces, their threads, a thread's posts, replying, editing and moderation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lcpa.accounts.decorators import staff_required
from lcpa.accounts.roles import is_program_staff
from lcpa.cohorts.access import get_team_for_user
from lcpa.cohorts.uploads import upload_response
from lcpa.community.access import (
    get_attachment_for_user,
    get_category_for_user,
    get_open_flag_for_user,
    get_own_post_for_user,
    get_post_for_user,
    get_question_for_acceptor,
    get_space_for_user,
    get_thread_for_user,
    open_flags_for_user,
    posts_for_user,
    spaces_for_user,
)
from lcpa.community.forms import (
    AcceptForm,
    CategoryCreateForm,
    CategoryEditForm,
    FlagForm,
    FlagResolveForm,
    ModerateForm,
    MoveForm,
    PostEditForm,
    PostForm,
    PostModerateForm,
    QuoteForm,
    SearchForm,
    SubscriptionForm,
    ThreadForm,
)
from lcpa.community.models import Post, Space, Thread
from lcpa.community.queries import (
    accepted_answer,
    categories_of,
    category_levels,
    first_unread_post,
    flag_queue,
    opening_post_id,
    posts_in,
    spaces_with_categories,
    subscription_level,
    team_deliverable,
    threads_in,
)
from lcpa.community.search import post_search
from lcpa.community.services import (
    ForumError,
    category_create,
    category_update,
    deliverable_post_to_forum,
    flag_raise,
    flag_resolve,
    post_edit,
    post_helpful_toggle,
    post_moderate,
    post_reply,
    spaces_ensure,
    subscription_set,
    thread_accept,
    thread_moderate,
    thread_move,
    thread_read,
    thread_start,
)
from lcpa.community.text import quote_markdown

THREADS_PER_PAGE = 25
POSTS_PER_PAGE = 20


def _page(rows, per_page: int, number: str | None) -> dict:
    page = Paginator(rows, per_page).get_page(number)
    return {
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
    }


def _post_url(post: Post, user) -> str:
    """The thread page holding the post, at the post."""
    earlier = posts_in(post.thread, user).filter(pk__lt=post.pk).count()
    url = reverse("community:thread", args=[post.thread_id])
    return f"{url}?page={earlier // POSTS_PER_PAGE + 1}#post-{post.pk}"


@login_required
@require_GET
def post_jump(request: HttpRequest, pk: int) -> HttpResponse:
    """A post's permanent link: the thread page holding it, at the post."""
    return redirect(_post_url(get_post_for_user(request.user, pk), request.user))


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_attachment_for_user(request.user, pk)
    return upload_response(
        attachment.file,
        original_name=attachment.original_name,
        content_type=attachment.content_type,
    )


@login_required
@require_GET
def space_list(request: HttpRequest) -> HttpResponse:
    spaces_ensure()
    spaces = spaces_for_user(request.user).select_related("cohort", "learning_community")
    return render(request, "community/spaces.html", {"spaces": spaces})


@login_required
@require_GET
def forum_search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    results = post_search(posts_for_user(request.user), text).select_related(
        "author", "thread__space__cohort", "thread__space__learning_community"
    )
    context = {
        "form": form,
        "query": text,
        **_page(results, POSTS_PER_PAGE, request.GET.get("page")),
    }
    return render(request, "community/search.html", context)


@login_required
@require_GET
def space_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _space_page(request, get_space_for_user(request.user, pk))


def _space_page(
    request: HttpRequest, space: Space, *, message: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "space": space,
        "categories": category_levels(space, request.user),
        "message": message,
        **_page(threads_in(space, request.user), THREADS_PER_PAGE, request.GET.get("page")),
    }
    return render(request, "community/space.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def thread_create(request: HttpRequest, pk: int) -> HttpResponse:
    space = get_space_for_user(request.user, pk)
    categories = categories_of(space)
    form = ThreadForm(request.POST or None, request.FILES or None, categories=categories)
    message = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            thread = thread_start(
                submission_key=data["submission_key"],
                space=space,
                category=data.get("category"),
                title=data["title"],
                body=data["body"],
                is_question=data["is_question"],
                by=request.user,
                attachments=data["attachments"],
            )
        except ForumError as error:
            message = str(error)
        else:
            return redirect("community:thread", thread.pk)
    status = 400 if request.method == "POST" else 200
    context = {"space": space, "form": form, "message": message}
    return render(request, "community/thread_form.html", context, status=status)


def _thread_page(
    request: HttpRequest,
    thread: Thread,
    *,
    reply_form: PostForm | None = None,
    message: str = "",
    status: int = 200,
) -> HttpResponse:
    accepts = thread.is_question and (
        thread.author_id == request.user.pk or is_program_staff(request.user)
    )
    posts = _page(posts_in(thread, request.user), POSTS_PER_PAGE, request.GET.get("page"))
    shown = list(posts["page"].object_list)
    if shown and status == 200:
        thread_read(user=request.user, thread=thread, up_to_post_id=max(p.pk for p in shown))
    context = {
        "thread": thread,
        "space": thread.space,
        "reply_form": reply_form or PostForm(),
        "message": message,
        "moderates": is_program_staff(request.user),
        "level": subscription_level(request.user, thread=thread),
        "accepted": accepted_answer(thread, request.user),
        "accepts": accepts,
        "opening_post_id": opening_post_id(thread) if accepts else None,
        **posts,
    }
    return render(request, "community/thread.html", context, status=status)


def _quoting(request: HttpRequest, thread: Thread) -> PostForm | None:
    """The reply form started with a quote of the post named by `?quote=`, if the user may
    read that post and it belongs to this thread."""
    form = QuoteForm(request.GET)
    if not form.is_valid() or form.cleaned_data["quote"] is None:
        return None
    post = get_post_for_user(request.user, form.cleaned_data["quote"])
    if post.thread_id != thread.pk:
        raise Http404
    return PostForm(initial={"body": quote_markdown(post)})


@login_required
@require_GET
def thread_detail(request: HttpRequest, pk: int) -> HttpResponse:
    thread = get_thread_for_user(request.user, pk)
    return _thread_page(request, thread, reply_form=_quoting(request, thread))


@login_required
@require_GET
def thread_unread(request: HttpRequest, pk: int) -> HttpResponse:
    """The thread at the first post the user has not seen yet."""
    thread = get_thread_for_user(request.user, pk)
    post = first_unread_post(thread, request.user)
    if post is None:
        return redirect("community:thread", thread.pk)
    return redirect(_post_url(post, request.user))


@login_required
@require_POST
def thread_follow(request: HttpRequest, pk: int) -> HttpResponse:
    thread = get_thread_for_user(request.user, pk)
    form = SubscriptionForm(request.POST)
    if not form.is_valid():
        return _thread_page(request, thread, message=form.errors["level"][0], status=400)
    subscription_set(user=request.user, thread=thread, level=form.chosen())
    return redirect("community:thread", thread.pk)


@login_required
@require_POST
def category_follow(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_category_for_user(request.user, pk)
    form = SubscriptionForm(request.POST)
    if not form.is_valid():
        return _space_page(request, category.space, message=form.errors["level"][0], status=400)
    subscription_set(user=request.user, category=category, level=form.chosen())
    return redirect("community:space", category.space_id)


@login_required
@require_POST
def thread_reply(request: HttpRequest, pk: int) -> HttpResponse:
    thread = get_thread_for_user(request.user, pk)
    form = PostForm(request.POST, request.FILES)
    if not form.is_valid():
        return _thread_page(request, thread, reply_form=form, status=400)
    try:
        post = post_reply(
            submission_key=form.cleaned_data["submission_key"],
            thread=thread,
            body=form.cleaned_data["body"],
            by=request.user,
            attachments=form.cleaned_data["attachments"],
        )
    except ForumError as error:
        return _thread_page(request, thread, reply_form=form, message=str(error), status=409)
    return redirect(_post_url(post, request.user))


@login_required
@require_http_methods(["GET", "POST"])
def post_update(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_own_post_for_user(request.user, pk)
    form = PostEditForm(request.POST or None, initial={"body": post.body})
    message = ""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                post = post_edit(post=post, body=form.cleaned_data["body"], by=request.user)
            except ForumError as error:
                message, status = str(error), 409
            else:
                return redirect(_post_url(post, request.user))
    context = {"post": post, "thread": post.thread, "form": form, "message": message}
    return render(request, "community/post_form.html", context, status=status)


@login_required
@require_POST
def post_helpful(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_post_for_user(request.user, pk)
    try:
        post_helpful_toggle(post=post, by=request.user)
    except ForumError as error:
        return _thread_page(request, post.thread, message=str(error), status=400)
    return redirect(_post_url(post, request.user))


@login_required
@require_POST
def thread_accept_answer(request: HttpRequest, pk: int) -> HttpResponse:
    thread = get_question_for_acceptor(request.user, pk)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        problem = next(iter(form.errors.values()))[0]
        return _thread_page(request, thread, message=problem, status=400)
    post = None
    if form.cleaned_data["action"] == "accept":
        post = get_post_for_user(request.user, form.cleaned_data["post"])
    try:
        thread_accept(thread=thread, post=post, by=request.user)
    except ForumError as error:
        return _thread_page(request, thread, message=str(error), status=400)
    return redirect("community:thread", thread.pk)


@staff_required
@require_POST
def thread_moderation(request: HttpRequest, pk: int) -> HttpResponse:
    thread = get_thread_for_user(request.user, pk)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        return _thread_page(
            request, thread, message="Choose what to do with the thread.", status=400
        )
    thread_moderate(thread=thread, action=form.cleaned_data["action"], by=request.user)
    return redirect("community:thread", thread.pk)


@staff_required
@require_POST
def post_moderation(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_post_for_user(request.user, pk)
    form = PostModerateForm(request.POST)
    if not form.is_valid():
        return _thread_page(
            request, post.thread, message="Choose whether to hide or show the post.", status=400
        )
    post_moderate(post=post, hidden=form.cleaned_data["action"] == "hide", by=request.user)
    return redirect(_post_url(post, request.user))


# Flags and the staff's forum pages ------------------------------------------------------------

FLAGS_PER_PAGE = 25


@login_required
@require_http_methods(["GET", "POST"])
def post_flag(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_post_for_user(request.user, pk)
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        flag_raise(post=post, reason=form.cleaned_data["reason"], by=request.user)
        messages.success(request, "Thank you: program staff will look at the post.")
        return redirect(_post_url(post, request.user))
    status = 400 if request.method == "POST" else 200
    context = {"post": post, "thread": post.thread, "form": form}
    return render(request, "community/flag_form.html", context, status=status)


def _flag_queue_page(request: HttpRequest, *, message: str = "", status: int = 200):
    flags = flag_queue(open_flags_for_user(request.user))
    context = {
        "staff_nav": "forum",
        "message": message,
        **_page(flags, FLAGS_PER_PAGE, request.GET.get("page")),
    }
    return render(request, "community/staff_flags.html", context, status=status)


@staff_required
@require_GET
def staff_flags(request: HttpRequest) -> HttpResponse:
    return _flag_queue_page(request)


@staff_required
@require_POST
def staff_flag_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    flag = get_open_flag_for_user(request.user, pk)
    form = FlagResolveForm(request.POST)
    if not form.is_valid():
        return _flag_queue_page(request, message=form.errors["action"][0], status=400)
    hide = form.cleaned_data["action"] == "hide"
    flag_resolve(flag=flag, hide=hide, by=request.user)
    messages.success(request, "The post is hidden." if hide else "The flag is dismissed.")
    return redirect("community:staff_flags")


@staff_required
@require_http_methods(["GET", "POST"])
def staff_thread_move(request: HttpRequest, pk: int) -> HttpResponse:
    thread = get_thread_for_user(request.user, pk)
    spaces = spaces_with_categories(spaces_for_user(request.user))
    initial = f"category-{thread.category_id}" if thread.category_id else f"space-{thread.space_id}"
    form = MoveForm(request.POST or None, spaces=spaces, initial={"destination": initial})
    message = ""
    if request.method == "POST" and form.is_valid():
        space, category = form.place()
        try:
            thread_move(thread=thread, space=space, category=category, by=request.user)
        except ForumError as error:
            message = str(error)
        else:
            messages.success(request, f"The thread is now in {space.name}.")
            return redirect("community:thread", thread.pk)
    status = 400 if request.method == "POST" else 200
    context = {"staff_nav": "forum", "thread": thread, "form": form, "message": message}
    return render(request, "community/staff_thread_move.html", context, status=status)


@staff_required
@require_http_methods(["GET", "POST"])
def staff_categories(request: HttpRequest) -> HttpResponse:
    spaces = spaces_with_categories(spaces_for_user(request.user))
    form = CategoryCreateForm(request.POST or None, spaces=spaces)
    message = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            category_create(
                space=data["space"], name=data["name"], position=data["position"], by=request.user
            )
        except ForumError as error:
            message = str(error)
        else:
            messages.success(request, f"Category “{data['name']}” added to {data['space']}.")
            return redirect("community:staff_categories")
    status = 400 if request.method == "POST" else 200
    context = {"staff_nav": "forum", "spaces": spaces, "form": form, "message": message}
    return render(request, "community/staff_categories.html", context, status=status)


@staff_required
@require_http_methods(["GET", "POST"])
def staff_category_edit(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_category_for_user(request.user, pk)
    initial = {"name": category.name, "position": category.position, "archived": category.archived}
    form = CategoryEditForm(request.POST or None, initial=initial)
    message = ""
    if request.method == "POST" and form.is_valid():
        try:
            category_update(category=category, by=request.user, **form.cleaned_data)
        except ForumError as error:
            message = str(error)
        else:
            messages.success(request, f"Category “{category.name}” saved.")
            return redirect("community:staff_categories")
    status = 400 if request.method == "POST" else 200
    context = {"staff_nav": "forum", "category": category, "form": form, "message": message}
    return render(request, "community/staff_category_edit.html", context, status=status)


@login_required
@require_POST
def deliverable_post(request: HttpRequest, team_id: int, number: int) -> HttpResponse:
    """A team writer shares a copy of the deliverable's answers with the cohort's forum."""
    team = get_team_for_user(request.user, team_id, write=True)
    deliverable = team_deliverable(team, number)
    if deliverable is None:
        raise Http404
    thread = deliverable_post_to_forum(deliverable=deliverable, by=request.user)
    messages.success(request, "A copy of the answers is now a thread in your cohort's forum space.")
    return redirect("community:thread", thread.pk)
