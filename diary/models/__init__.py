from diary.models.accounts import Invitation, User

__all__ = ["Invitation", "User"]
