from pydantic import BaseModel, ConfigDict, EmailStr, Field


class CustomerIn(BaseModel):
    email: EmailStr


class OrderOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    customer_id: int
    total_cents: int = Field(ge=0)
